import type { AudioUrlPart, FileUrlPart, ImageUrlPart, VideoUrlPart } from "@vlmchat/types";
import { type MediaOptions, type MediaPart, type MediaSource, type PathReader, toPart } from "./media";

/** The input helpers, bound to a way of reading file paths (none in the main entry). */
export function inputHelpers(readPath?: PathReader) {
  return {
    /** An `image_url` part: png, jpeg, gif, webp, bmp or tiff. */
    image: (source: MediaSource, options?: MediaOptions): Promise<ImageUrlPart> =>
      toPart("image()", "image", source, options, readPath),
    /** A `video_url` part: mp4, mov or webm. */
    video: (source: MediaSource, options?: MediaOptions): Promise<VideoUrlPart> =>
      toPart("video()", "video", source, options, readPath),
    /** An `audio_url` part: mp3, wav, ogg, flac or webm. */
    audio: (source: MediaSource, options?: MediaOptions): Promise<AudioUrlPart> =>
      toPart("audio()", "audio", source, options, readPath),
    /** A `file_url` part: pdf or docx. */
    document: (source: MediaSource, options?: MediaOptions): Promise<FileUrlPart> =>
      toPart("document()", "document", source, options, readPath),
    /** The right part for whatever `source` is, sniffed from its bytes (or its URL's extension). */
    file: (source: MediaSource, options?: MediaOptions): Promise<MediaPart> =>
      toPart("file()", undefined, source, options, readPath),
  };
}

export const { image, video, audio, document, file } = inputHelpers();
