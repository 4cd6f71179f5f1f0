import {
  type ChatCompletionCreateParams,
  formatDetail,
  RequestValidationError,
  UnprocessableEntityError,
} from "@vlmchat/client";
import { requestValidator } from "@vlmchat/validation/request";
import { expectThat, StepFailed, type TourContext } from "./tour-context";

/**
 * Three mistakes a person makes: a role that does not exist, a temperature out of range, a toolset that
 * does not exist. (A model id from another API is not one of them: model ids are open, and only the
 * server decides which it serves.)
 */
export const BAD_REQUEST = {
  messages: [{ role: "robot", content: "Hello?" }],
  temperature: 3,
  toolsets: ["audio"],
};

/**
 * Step 4: a deliberately bad request. Sent as it is, the API answers 422 with FastAPI's `detail`,
 * printed as `path: message` lines. Then the same request through the client's own check, which finds
 * the same problems before anything is sent.
 */
export async function badRequest(ctx: TourContext): Promise<void> {
  ctx.print.section(
    4,
    "A bad request, and the API's own 422",
    "a wrong role, temperature 3, a toolset that does not exist",
  );
  ctx.print.block([ctx.print.style.dim(JSON.stringify(BAD_REQUEST))]);
  // The type system would refuse this request; the demo wants the server to see it.
  const request = BAD_REQUEST as unknown as ChatCompletionCreateParams;
  const serverDetail = await sendExpecting422(ctx, request);
  ctx.print.line(
    `   ${ctx.print.style.red("422 Unprocessable Entity")} ${ctx.print.style.dim("from the server:")}`,
  );
  for (const line of formatDetail(serverDetail)) ctx.print.line(`     ${ctx.print.style.red("•")} ${line}`);

  const local = await checkLocally(ctx, request);
  expectThat(local !== undefined, "the client's request check let the bad request through");
  const same = JSON.stringify(local) === JSON.stringify(serverDetail);
  if (ctx.backend.kind === "mock") {
    expectThat(same, "the client's local check and the server disagree about the bad request");
  }
  ctx.print.ok(
    same
      ? `the client's check (validate: { request: requestValidator }) finds the same ${local.length} problems before sending anything`
      : `the client's check (validate: { request: requestValidator }) finds ${local.length} problem(s) before sending anything`,
  );
}

async function sendExpecting422(ctx: TourContext, request: ChatCompletionCreateParams) {
  try {
    await ctx.backend.client().chat.completions.create(request);
  } catch (error) {
    if (error instanceof UnprocessableEntityError) return error.detail;
    throw error;
  }
  throw new StepFailed("the server accepted the bad request instead of answering 422");
}

async function checkLocally(ctx: TourContext, request: ChatCompletionCreateParams) {
  try {
    await ctx.backend.client({ validate: { request: requestValidator } }).chat.completions.create(request);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.detail;
    throw error;
  }
  return undefined;
}
