import { generateText, type ModelMessage, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { useMockServer } from "./helpers/mock";
import { recordingFetch } from "./helpers/record";

const mock = useMockServer();

describe("sessions", () => {
  it("a follow-up by providerOptions.vlmrun.sessionId sends only the new messages; the server holds the rest", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto");
    const messages: ModelMessage[] = [{ role: "user", content: "My name is Ada." }];
    const first = await generateText({ model, system: "Be brief.", messages });
    const sessionId = first.providerMetadata?.vlmrun?.sessionId as string;
    expect(first.text).toContain("This is the first turn of the session.");

    messages.push(...first.response.messages, { role: "user", content: "What is my name?" });
    const second = await generateText({
      model,
      system: "Be brief.",
      messages,
      providerOptions: { vlmrun: { sessionId } },
    });
    expect(second.text).toContain("This session has 1 earlier turn; the previous one said “My name is Ada.”");
    expect(second.providerMetadata?.vlmrun?.sessionId).toBe(sessionId);
    expect(recorder.bodies[1]).toMatchObject({
      session_id: sessionId,
      messages: [{ role: "user", content: "What is my name?" }],
    });
  });

  it("streamText continues a session the same way", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const first = await generateText({ model, prompt: "Remember the word ochre." });
    const sessionId = first.providerMetadata?.vlmrun?.sessionId as string;
    const result = streamText({
      model,
      messages: [
        { role: "user", content: "Remember the word ochre." },
        { role: "assistant", content: first.text },
        { role: "user", content: "Which word?" },
      ],
      providerOptions: { vlmrun: { sessionId } },
    });
    expect(await result.text).toContain("This session has 1 earlier turn");
    expect((await result.providerMetadata)?.vlmrun?.sessionId).toBe(sessionId);
  });
});
