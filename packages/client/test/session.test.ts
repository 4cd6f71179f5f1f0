import { describe, expect, it } from "vitest";
import { UnprocessableEntityError } from "../src/index";
import { fault, recorder, useMockServer } from "./helpers/mock";

const mock = useMockServer();

describe("client.chat.session()", () => {
  it("keeps the session_id the server returns, sending only the new message each turn", async () => {
    const { middleware, requests } = recorder();
    const chat = mock
      .client()
      .use(middleware)
      .chat.session({ defaults: { model: "vlmrun-orion-1:fast" } });
    expect(chat.id).toBeUndefined();
    const first = await chat.send("My name is Ada");
    expect(chat.id).toBe(first.session_id);
    const second = await chat.send("What is my name?");
    expect(second.session_id).toBe(first.session_id);
    // The server holds the history: its answer knows the earlier turn.
    expect(second.choices[0]?.message.content).toContain("1 earlier turn");
    const bodies = requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      model: "vlmrun-orion-1:fast",
      messages: [{ role: "user", content: "My name is Ada" }],
    });
    expect(bodies[1]).toEqual({
      model: "vlmrun-orion-1:fast",
      messages: [{ role: "user", content: "What is my name?" }],
      session_id: first.session_id,
    });
  });

  it("runs turns in call order even when sent at once, streamed turns included", async () => {
    const chat = mock.client().chat.session();
    const [a, b] = await Promise.all([chat.send("one"), chat.send("two")]);
    expect(b.session_id).toBe(a.session_id);
    expect(b.choices[0]?.message.content).toContain("“one”");
    const stream = await chat.send([{ type: "text", text: "three" }], { stream: true });
    const next = chat.send("four");
    const streamed = await stream.finalCompletion();
    expect(streamed.session_id).toBe(a.session_id);
    expect(streamed.choices[0]?.message.content).toContain("2 earlier turns");
    expect((await next).choices[0]?.message.content).toContain("3 earlier turns");
  });

  it("continues a given session id, and takes whole messages", async () => {
    const first = await mock.client().chat.session().send("remember this");
    const resumed = mock.client().chat.session({ id: first.session_id });
    const answer = await resumed.send({ role: "user", content: "still there?" });
    expect(answer.session_id).toBe(first.session_id);
    expect(answer.choices[0]?.message.content).toContain("1 earlier turn");
  });

  it("a failed turn does not block the next one", async () => {
    const chat = mock.client({ maxRetries: 0 }).chat.session();
    const failed = chat.send("x", { temperature: 7 });
    const ok = chat.send("y", {}, fault("delay=10"));
    await expect(failed).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect((await ok).object).toBe("chat.completion");
  });
});
