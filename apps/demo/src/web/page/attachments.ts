/** What the user attached to the next message, with a preview thumbnail for each. */
export type AttachmentKind = "image" | "document" | "video" | "audio";

export interface Attachment {
  readonly id: number;
  readonly file: File;
  readonly kind: AttachmentKind;
  /** An object URL for the preview; revoked when the attachment is removed. */
  readonly previewUrl: string;
}

/** The kind a file is sent as, from its MIME type; `undefined` for what the API does not take. */
export function kindOf(file: File): AttachmentKind | undefined {
  if (file.type.startsWith("image/")) return "image";
  if (file.type.startsWith("video/")) return "video";
  if (file.type.startsWith("audio/")) return "audio";
  if (
    file.type === "application/pdf" ||
    file.type === "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
  ) {
    return "document";
  }
  return undefined;
}

export class AttachmentTray {
  private items: Attachment[] = [];
  private nextId = 1;

  constructor(
    private readonly list: HTMLElement,
    private readonly onReject: (message: string) => void,
  ) {}

  get attachments(): readonly Attachment[] {
    return this.items;
  }

  add(files: Iterable<File>): void {
    for (const file of files) {
      const kind = kindOf(file);
      if (!kind) {
        this.onReject(
          `${file.name}: ${file.type || "this file type"} is not supported (images, PDFs, videos, audio)`,
        );
        continue;
      }
      this.items.push({ id: this.nextId++, file, kind, previewUrl: URL.createObjectURL(file) });
    }
    this.render();
  }

  /** Empties the tray after a send; the previews stay alive in the sent message. */
  take(): Attachment[] {
    const taken = this.items;
    this.items = [];
    this.render();
    return taken;
  }

  private remove(id: number): void {
    const gone = this.items.find((item) => item.id === id);
    if (gone) URL.revokeObjectURL(gone.previewUrl);
    this.items = this.items.filter((item) => item.id !== id);
    this.render();
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.items.map((item) => {
        const li = thumbnail(item);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove";
        remove.textContent = "×";
        remove.title = `Remove ${item.file.name}`;
        remove.addEventListener("click", () => this.remove(item.id));
        li.append(remove);
        return li;
      }),
    );
  }
}

/** A small preview: the picture, the video's first frame, or a labelled tile for documents and audio. */
export function thumbnail(item: Attachment): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "thumb";
  li.title = `${item.file.name} (${Math.ceil(item.file.size / 1024)} KB)`;
  if (item.kind === "image") {
    const img = document.createElement("img");
    img.src = item.previewUrl;
    img.alt = item.file.name;
    li.append(img);
  } else if (item.kind === "video") {
    const video = document.createElement("video");
    video.src = item.previewUrl;
    video.muted = true;
    video.preload = "metadata";
    li.append(video);
  } else {
    li.append(item.file.name);
  }
  const kind = document.createElement("span");
  kind.className = "kind";
  kind.textContent = item.kind === "document" ? "PDF" : item.kind;
  if (item.kind === "document" && !item.file.type.endsWith("pdf")) kind.textContent = "doc";
  li.append(kind);
  return li;
}
