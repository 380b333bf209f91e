import pino from "pino";
import pretty from "pino-pretty";

/**
 * Sandbox Pay's logger (its own: the sandbox shares nothing with Till's lib/).
 * JSON lines on stdout, readable ones when TILL_LOG_FORMAT=pretty. Its merchant
 * key, the webhook secret and request bodies are never passed to it.
 */
const options = {
  level: process.env.SANDBOX_LOG_LEVEL ?? process.env.TILL_LOG_LEVEL ?? "info",
  base: { service: "sandbox" },
  redact: { paths: ["authorization", "*.authorization", "headers.authorization", "apiKey", "webhookSecret"], censor: "[redacted]" },
  serializers: { err: pino.stdSerializers.err },
};

export const log =
  process.env.TILL_LOG_FORMAT === "pretty"
    ? pino(options, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service", singleLine: true, sync: true }))
    : pino(options);
