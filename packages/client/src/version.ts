// Replaced with the package's version by the build (tsdown's `define`); sources run as they are say so.
declare const __VLMCHAT_CLIENT_VERSION__: string | undefined;

/** The client's version, as the build wrote it. */
export const VERSION: string =
  typeof __VLMCHAT_CLIENT_VERSION__ === "string" ? __VLMCHAT_CLIENT_VERSION__ : "0.0.0-source";
