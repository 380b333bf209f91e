import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

/**
 * Till's one logger: a JSON line per event on stdout, or readable lines when
 * TILL_LOG_FORMAT=pretty (`npm start` sets it on a terminal). Secrets are
 * never passed to it; the redaction below is the second line of defence, for
 * the field names that would carry one if they ever were.
 */
const REDACT = [
  "authorization",
  "cookie",
  "pin",
  "apiKey",
  "webhookSecret",
  "token",
  "rawBody",
  "*.authorization",
  "*.cookie",
  "*.pin",
  "*.apiKey",
  "*.webhookSecret",
  "*.token",
  "*.rawBody",
  "headers.authorization",
  "headers.cookie",
];

export function createLogger(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const options = {
    level: env.TILL_LOG_LEVEL ?? "info",
    base: { service },
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.err },
  };
  return env.TILL_LOG_FORMAT === "pretty"
    ? pino(options, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service", singleLine: true, sync: true }))
    : pino(options);
}

const holder = globalThis as unknown as { [key: symbol]: Logger | undefined };
const KEY = Symbol.for("till.logger");

/** The process's logger, shared by every module graph of the Next.js server. */
export const logger: Logger = (holder[KEY] ??= createLogger("till"));
