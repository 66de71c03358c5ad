/**
 * A consumer's configs (`ConsumerConfig`): validation on create and update, reading them with Kafka's
 * defaults, and the client's fixed retry timings.
 */
import type { ConfigValue } from '../config';
import { CONFIG_DEFS, parseConfigs } from '../config';
import type { Consumer } from '../consumer-state';
import { KafkaException } from '../errors';
import type { AssignorName } from './assignors';

const ASSIGNORS: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

/** Wait before asking for the coordinator again when none is available (FindCoordinator backoff). */
export const COORDINATOR_RETRY_MS = 1_000;

/** `retry.backoff.ms` of the consumer. */
export const RETRY_BACKOFF_MS = 100;

/** A consumer config: the consumer's own value, else Kafka's default. */
export function consumerConfig(c: Consumer, name: string): ConfigValue {
  return c.configs[name] ?? CONFIG_DEFS[name]!.default;
}

/** A numeric consumer config (see consumerConfig). */
export function consumerNumber(c: Consumer, name: string): number {
  return consumerConfig(c, name) as number;
}

/** `partition.assignment.strategy` as assignor names. */
export function strategies(c: Consumer): AssignorName[] {
  return String(consumerConfig(c, 'partition.assignment.strategy'))
    .split(',')
    .map((s) => s.trim()) as AssignorName[];
}

/** A consumer rebalances cooperatively only if every assignor it lists supports it (`ConsumerCoordinator`). */
export function isCooperative(c: Consumer): boolean {
  return strategies(c).every((s) => s === 'cooperative-sticky');
}

/** Parses a consumer's configs as `KafkaConsumer` would, with Kafka's errors for bad ones. */
export function validateConfigs(raw: Record<string, ConfigValue> | undefined): Record<string, ConfigValue> {
  const configs = parseConfigs(raw, 'consumer');
  const strategy = configs['partition.assignment.strategy'];
  if (strategy !== undefined) {
    const names = String(strategy)
      .split(',')
      .map((s) => s.trim());
    const bad = names.find((n) => !ASSIGNORS.includes(n as AssignorName));
    if (names.length === 0 || bad !== undefined) {
      throw new KafkaException(
        'InvalidConfigurationException',
        `Invalid value ${String(strategy)} for configuration partition.assignment.strategy: unknown assignor '${bad ?? ''}'. Use range, roundrobin, sticky or cooperative-sticky.`,
      );
    }
    configs['partition.assignment.strategy'] = names.join(',');
  }
  const hb = configs['heartbeat.interval.ms'] ?? CONFIG_DEFS['heartbeat.interval.ms']!.default;
  const session = configs['session.timeout.ms'] ?? CONFIG_DEFS['session.timeout.ms']!.default;
  if ((hb as number) >= (session as number))
    throw new KafkaException('InvalidConfigurationException', 'heartbeat.interval.ms must be set lower than session.timeout.ms.');
  return configs;
}
