// A logger for tests: silent, unless TEST_LOG_LEVEL names a level (e.g. TEST_LOG_LEVEL=debug to watch a failing test).
import { pino, type Logger } from 'pino';

export function silentLog(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}
