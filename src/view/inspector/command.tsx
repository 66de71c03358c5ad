/**
 * What every inspector form does with a command: send it, and keep Kafka's answer
 * ("NameException: sentence") for an inline alert next to the control that caused it.
 */
import { useCallback, useState } from 'react';
import type { Command } from '../../engine';
import { sendCommand } from '../../store';
import { UserText } from '../text/UserText';

/**
 * `[error, run, setError]`: `run` sends a command and resolves to whether the engine accepted it;
 * `error` is Kafka's answer to the last one, or the form's own message (`setError`, e.g. a check
 * before sending; `null` clears it).
 */
export function useCommand(): [string | null, (command: Command) => Promise<boolean>, (error: string | null) => void] {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (command: Command) => {
    const result = await sendCommand(command);
    setError(result.ok ? null : `${result.error.name}: ${result.error.message}`);
    return result.ok;
  }, []);
  return [error, run, setError];
}

/** Kafka's error as text, announced to screen readers; nothing when there is none. */
export function CommandAlert({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="inspector-alert">
      <UserText text={text} />
    </p>
  ) : null;
}
