/**
 * The producer client: `KafkaProducer.partition()`, the `RecordAccumulator` with `batch.size` and
 * `linger.ms`, the built-in sticky partitioner for records without a key (KIP-794,
 * `BuiltInPartitioner`), the `Sender` with `max.in.flight.requests.per.connection`, retries with
 * exponential backoff (KIP-580), `delivery.timeout.ms`, idempotence (`enable.idempotence`), and the
 * accumulator's `BufferPool` of `buffer.memory` bytes, in which a send() blocks up to `max.block.ms`.
 */
import type { Command, KeyPattern, ProducerSpec } from '../commands';
import type { ConfigValue } from '../config';
import { CONFIG_DEFS, parseConfigs } from '../config';
import { emit, latencyMs, schedule, scheduleAt } from '../core';
import { KafkaException } from '../errors';
import { nextFloat, nextInt, nextU32 } from '../random';
import type { BufferWaiter, Producer, ProducerPartitionState, Sim } from '../state';
import type { ProducerBatch, ProduceRequest, ProduceError } from './messages';
import type { StoredBatch } from './record-batch';
import { NO_PRODUCER_ID, NO_SEQUENCE, RECORD_BATCH_OVERHEAD } from './record-batch';
import { recordAcknowledged } from './durability';
import { batchAt } from './log';
import { murmur2, toPositive, utf8 } from './partitioner';
import { PRODUCE_ERRORS } from './messages';
import { materializeValue, recordSizeBytes, valueSizeBytes } from './values';

function cfg(p: Producer, name: string): ConfigValue {
  return p.configs[name] ?? CONFIG_DEFS[name]!.default;
}
function num(p: Producer, name: string): number {
  return cfg(p, name) as number;
}

/** The producer's effective settings, resolved once per config change (they are read for every batch). */
function resolveSettings(p: Producer): Producer['settings'] {
  return {
    acks: cfg(p, 'acks') as string,
    lingerMs: num(p, 'linger.ms'),
    batchSize: num(p, 'batch.size'),
    maxInFlight: num(p, 'max.in.flight.requests.per.connection'),
    deliveryTimeoutMs: num(p, 'delivery.timeout.ms'),
    requestTimeoutMs: num(p, 'request.timeout.ms'),
    ignoreKeys: cfg(p, 'partitioner.ignore.keys') === true,
    idempotent: cfg(p, 'enable.idempotence') === true && cfg(p, 'acks') === 'all',
    bufferMemory: num(p, 'buffer.memory'),
    maxBlockMs: num(p, 'max.block.ms'),
  };
}

/**
 * Refuses a `buffer.memory` smaller than `batch.size`. Kafka accepts it, but then every new batch asks
 * `BufferPool.allocate` for more than the pool holds, which throws IllegalArgumentException out of
 * every send(): a producer that can send nothing, which the simulator refuses up front instead.
 */
function checkBufferMemory(configs: Record<string, ConfigValue>): void {
  const memory = (configs['buffer.memory'] ?? CONFIG_DEFS['buffer.memory']!.default) as number;
  const batchSize = (configs['batch.size'] ?? CONFIG_DEFS['batch.size']!.default) as number;
  if (memory < batchSize)
    throw new KafkaException(
      'InvalidConfigurationException',
      `buffer.memory (${memory} bytes) is smaller than batch.size (${batchSize} bytes): every new batch takes at least batch.size bytes of buffer.memory, so Kafka's send() would throw IllegalArgumentException "Attempt to allocate ${batchSize} bytes, but there is a hard limit of ${memory} on memory allocations." Set buffer.memory to at least batch.size.`,
    );
}

/**
 * Whether the producer is idempotent. As in `ProducerConfig`, idempotence needs acks=all; when it
 * was not asked for explicitly and acks says otherwise, it is quietly turned off.
 */
export function isIdempotent(p: Producer): boolean {
  return p.settings.idempotent;
}

/** Validates a producer spec the way `ProducerConfig` would and creates the producer. */
export function createProducer(sim: Sim, spec: ProducerSpec): Producer {
  if (!sim.topics[spec.topic])
    throw new KafkaException('UnknownTopicOrPartitionException', `Topic ${spec.topic} not present in metadata: create the topic first.`);
  if (!(spec.ratePerSec >= 0) || spec.ratePerSec > 100_000)
    throw new KafkaException('InvalidConfigurationException', `A producer's rate must be between 0 and 100000 records per second (got ${spec.ratePerSec}).`);
  const configs = parseConfigs(spec.configs, 'producer');
  checkBufferMemory(configs);
  if (
    configs['enable.idempotence'] === true &&
    spec.configs?.['enable.idempotence'] !== undefined &&
    configs['acks'] !== undefined &&
    configs['acks'] !== 'all'
  ) {
    // ProducerConfig.postProcessAndValidateIdempotenceConfigs
    throw new KafkaException(
      'InvalidConfigurationException',
      `Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.`,
    );
  }
  const p: Producer = {
    spec,
    id: spec.id,
    pid: NO_PRODUCER_ID,
    configs,
    keys: validateKeyPattern(spec.keys),
    ratePerSec: spec.ratePerSec,
    paused: spec.paused ?? false,
    removed: false,
    rateStartMs: sim.nowMs,
    rateIndex: 0,
    recordIndex: 0,
    valueSeed: 0,
    valueGen: { gen: spec.value ?? { kind: 'order' }, seed: 0 },
    fixedKeyCursor: 0,
    hashCache: {},
    hashCacheSize: 0,
    keyPool: [],
    sticky: { partition: -1, producedBytes: 0, seenQueues: [] },
    partitions: {},
    metadata: {},
    knownPartitions: 0,
    metadataStale: true,
    metadataRefreshAtMs: 0,
    inFlightPerBroker: {},
    tickAtMs: -1,
    stats: { sent: 0, acknowledged: 0, failed: 0, retries: 0, errors: 0 },
    recentErrors: [],
    settings: {
      acks: 'all',
      lingerMs: 0,
      batchSize: 0,
      maxInFlight: 0,
      deliveryTimeoutMs: 0,
      requestTimeoutMs: 0,
      ignoreKeys: false,
      idempotent: false,
      bufferMemory: 0,
      maxBlockMs: 0,
    },
    partitionOrder: [],
    buffer: { usedBytes: 0, waiters: [] },
  };
  p.settings = resolveSettings(p);
  p.valueSeed = nextU32(sim.rng);
  p.valueGen = { gen: p.valueGen.gen, seed: p.valueSeed };
  if (isIdempotent(p)) p.pid = sim.nextPid++;
  refreshMetadata(sim, p);
  scheduleTick(sim, p, sim.nowMs);
  return p;
}

/** The producer learns current leaders from the cluster metadata (a Metadata request). */
function refreshMetadata(sim: Sim, p: Producer): void {
  const topic = sim.topics[p.spec.topic]!;
  p.metadata = {};
  for (const part of topic.partitions) p.metadata[part.index] = { leader: part.leader, leaderEpoch: part.leaderEpoch };
  p.knownPartitions = topic.partitions.length;
  p.metadataStale = false;
  p.metadataRefreshAtMs = sim.nowMs + num(p, 'metadata.max.age.ms');
}

function knownPartitions(p: Producer): number {
  return p.knownPartitions;
}

function partState(p: Producer, partition: number): ProducerPartitionState {
  let st = p.partitions[partition];
  if (!st) {
    st = { queue: [], inFlight: [], nextSequence: 0, acked: 0, lastAckedOffset: -1 };
    p.partitions[partition] = st;
    p.partitionOrder.push(partition);
    p.partitionOrder.sort((a, b) => a - b);
  }
  return st;
}

// ---------------------------------------------------------------------------------------------
// Choosing a partition

/** `KafkaProducer.partition()`: explicit partition, else the key's murmur2 hash, else sticky. */
function choosePartition(sim: Sim, p: Producer, key: string | null): { partition: number; sticky: boolean } {
  const n = knownPartitions(p);
  if (key !== null && !p.settings.ignoreKeys) {
    let h = p.hashCache[key];
    if (h === undefined) {
      h = toPositive(murmur2(utf8(key))); // BuiltInPartitioner.partitionForKey, before the modulo
      if (p.hashCacheSize < 65_536) {
        p.hashCache[key] = h;
        p.hashCacheSize++;
      }
    }
    return { partition: h % n, sticky: false };
  }
  if (p.sticky.partition < 0 || p.sticky.partition >= n) p.sticky.partition = nextStickyPartition(sim, p);
  return { partition: p.sticky.partition, sticky: true };
}

/**
 * `BuiltInPartitioner.nextPartition`: uniform among partitions with a known leader; once every
 * partition has had a batch queue, weighted towards shorter queues (adaptive partitioning,
 * weight `maxQueue + 1 - queue`).
 */
function nextStickyPartition(sim: Sim, p: Producer): number {
  const n = knownPartitions(p);
  const available: number[] = [];
  for (let i = 0; i < n; i++) if ((p.metadata[i]?.leader ?? -1) >= 0) available.push(i);
  if (available.length === 0) return nextInt(sim.rng, n);
  const adaptive = p.sticky.seenQueues.length >= n;
  if (!adaptive) return available[nextU32(sim.rng) % available.length]!;
  const sizes = available.map((i) => p.partitions[i]?.queue.length ?? 0);
  const max = sizes.reduce((m, q) => Math.max(m, q), 0);
  let total = 0;
  const cumulative = sizes.map((q) => (total += max + 1 - q));
  const r = nextU32(sim.rng) % total;
  return available[cumulative.findIndex((c) => r < c)]!;
}

/** `BuiltInPartitioner.updatePartitionInfo`: switch after batch.size bytes (2× if the batch is not yet full). */
function updateSticky(sim: Sim, p: Producer, partition: number, bytes: number): void {
  if (partition !== p.sticky.partition) return;
  const batchSize = p.settings.batchSize;
  p.sticky.producedBytes += bytes;
  const st = p.partitions[partition];
  const last = st?.queue[st.queue.length - 1];
  const enableSwitch = !last || last.closed || last.sizeBytes >= batchSize;
  if ((p.sticky.producedBytes >= batchSize && enableSwitch) || p.sticky.producedBytes >= 2 * batchSize) {
    p.sticky.producedBytes = 0;
    p.sticky.partition = nextStickyPartition(sim, p);
  }
}

// ---------------------------------------------------------------------------------------------
// The accumulator

function nextKey(sim: Sim, p: Producer): string | null {
  const k = p.keys;
  switch (k.kind) {
    case 'none':
      return null;
    case 'fixed':
      return k.keys.length === 0 ? null : k.keys[p.fixedKeyCursor++ % k.keys.length]!;
    case 'random':
      return pooledKey(p, k.prefix, nextInt(sim.rng, Math.max(1, k.cardinality)));
    case 'hot':
      return nextFloat(sim.rng) < k.hotShare ? k.hotKey : pooledKey(p, k.prefix, nextInt(sim.rng, Math.max(1, k.cardinality)));
  }
}

/** Generated keys are made once and shared by every record that carries them (they are immutable strings). */
function pooledKey(p: Producer, prefix: string, n: number): string {
  if (n >= 100_000) return prefix + n;
  return (p.keyPool[n] ??= prefix + n);
}

interface NewRecord {
  key: string | null;
  /** When the application called send(): a generated record's due time, else now. */
  createdMs: number;
  timestampMs: number;
  /** A generated value (record index) or an explicit one. */
  value: { index: number } | { text: string | null };
  headers: [string, string][] | null;
}

/**
 * What became of one send(): appended (its size in bytes), refused as larger than `buffer.memory`
 * (`KafkaProducer.ensureValidRecordSize`), or blocked until the buffer pool can give the new batch
 * it needs `blockedBytes`.
 */
type AppendOutcome = { sizeBytes: number } | { tooLargeBytes: number } | { blockedBytes: number };

/**
 * Appends one record to the partition's last batch, or starts a new batch (`RecordAccumulator.append`).
 * A new batch takes max(batch.size, the record's size bound) from the producer's `BufferPool`; when
 * the pool has less free, nothing is appended and the caller blocks.
 */
function appendRecord(sim: Sim, p: Producer, partition: number, rec: NewRecord): AppendOutcome {
  const st = partState(p, partition);
  if (!p.sticky.seenQueues.includes(partition)) p.sticky.seenQueues.push(partition);
  const batchSize = p.settings.batchSize;
  const template = p.valueGen.gen;
  const generated = 'index' in rec.value;
  const valueText = 'index' in rec.value ? null : rec.value.text;
  const valueBytes = 'index' in rec.value ? valueSizeBytes(template, p.valueSeed, rec.value.index, rec.key) : undefined;
  let batch = st.queue[st.queue.length - 1];
  const offsetDelta = batch && !batch.closed ? batch.count : 0;
  const size = recordSizeBytes(rec.key, valueText, rec.headers, batch && !batch.closed ? rec.timestampMs - batch.timestampsMs[0]! : 0, offsetDelta, valueBytes);
  if (!batch || batch.closed || batch.sizeBytes + size > batchSize) {
    // AbstractRecords.estimateSizeInBytesUpperBound (a batch of this one record; its exact size here, not the varint bound).
    const boundBytes = RECORD_BATCH_OVERHEAD + size;
    if (boundBytes > p.settings.bufferMemory) return { tooLargeBytes: boundBytes };
    const askBytes = Math.max(batchSize, boundBytes); // RecordAccumulator.append: the new batch's buffer
    if (!tryAllocate(p, askBytes)) return { blockedBytes: askBytes };
    if (batch) batch.closed = true;
    batch = {
      topic: p.spec.topic,
      partition,
      createdMs: rec.createdMs,
      count: 0,
      sizeBytes: RECORD_BATCH_OVERHEAD,
      keys: [],
      timestampsMs: [],
      values: generated ? { gen: template, seed: p.valueSeed, indexes: [] } : [],
      headers: null,
      pid: NO_PRODUCER_ID,
      baseSequence: NO_SEQUENCE,
      attempts: 0,
      readyAtMs: sim.nowMs,
      closed: false,
      bufferBytes: askBytes,
    };
    st.queue.push(batch);
  }
  batch.keys.push(rec.key);
  batch.timestampsMs.push(rec.timestampMs);
  if (Array.isArray(batch.values)) batch.values.push('index' in rec.value ? materializeValue(template, p.valueSeed, rec.value.index, rec.key) : valueText);
  else if ('index' in rec.value) batch.values.indexes.push(rec.value.index);
  else {
    const gen = batch.values;
    const keys = batch.keys;
    batch.values = gen.indexes.map((i, n) => materializeValue(gen.gen, gen.seed, i, keys[n] ?? null));
    batch.values.push(valueText);
  }
  appendHeaders(p, batch, rec.headers);
  batch.count++;
  batch.sizeBytes += size;
  if (batch.sizeBytes >= batchSize) batch.closed = true;
  return { sizeBytes: size };
}

function appendHeaders(p: Producer, batch: ProducerBatch, headers: [string, string][] | null): void {
  const shared = p.spec.headers && p.spec.headers.length > 0 ? p.spec.headers : null;
  const h = batch.headers;
  if (batch.count === 0 && headers === shared) {
    batch.headers = shared ? { shared } : null;
    return;
  }
  if (h === null && headers === null) return;
  if (h !== null && !Array.isArray(h) && headers === h.shared) return;
  const perRecord: [string, string][][] = Array.isArray(h) ? h : Array.from({ length: batch.count }, () => (h === null ? [] : h.shared));
  perRecord.push(headers ?? []);
  batch.headers = perRecord;
}

/**
 * The application thread: one send() per record at the producer's rate. A send() that blocks for
 * buffer memory stops the thread — it makes no other record until that send() returns.
 */
function generateRecords(sim: Sim, p: Producer): void {
  if (p.paused || p.ratePerSec <= 0 || isThreadBlocked(p)) return;
  let tooLarge: { partition: number; records: number; message: string } | null = null;
  let exhausted: { partition: number; records: number; message: string } | null = null;
  for (;;) {
    const dueMs = p.rateStartMs + Math.floor((p.rateIndex * 1000) / p.ratePerSec);
    if (dueMs > sim.nowMs) break;
    const key = nextKey(sim, p);
    const { partition, sticky } = choosePartition(sim, p, key);
    const index = p.recordIndex++;
    const outcome = appendRecord(sim, p, partition, {
      key,
      createdMs: dueMs,
      timestampMs: dueMs,
      value: { index },
      headers: generatedHeaders(p),
    });
    p.rateIndex++;
    if ('sizeBytes' in outcome) {
      if (sticky) updateSticky(sim, p, partition, outcome.sizeBytes);
    } else if ('tooLargeBytes' in outcome) {
      tooLarge ??= { partition, records: 0, message: tooLargeMessage(outcome.tooLargeBytes) };
      tooLarge.records++;
    } else if (p.settings.maxBlockMs <= 0) {
      // max.block.ms=0: BufferPool.allocate fails at once, and the application goes on at its rate.
      exhausted ??= { partition, records: 0, message: exhaustedMessage(p, outcome.blockedBytes, 0) };
      exhausted.records++;
    } else {
      // BufferPool.allocate: the thread waits in send() from the record's due time, for at most max.block.ms.
      const { maxBlockMs } = p.settings;
      p.buffer.waiters.push(blockedSend(dueMs, maxBlockMs, outcome.blockedBytes, partition, sticky, key, dueMs, { generated: true, index }));
      break;
    }
  }
  // Refused records of one tick are reported together: each is a failed send(), not worth an event apiece.
  if (tooLarge) failSends(sim, p, tooLarge.partition, tooLarge.records, 'RecordTooLargeException', tooLarge.message);
  if (exhausted) failSends(sim, p, exhausted.partition, exhausted.records, 'BufferExhaustedException', exhausted.message);
}

function generatedHeaders(p: Producer): [string, string][] | null {
  return p.spec.headers && p.spec.headers.length > 0 ? p.spec.headers : null;
}

function blockedSend(
  sinceMs: number,
  maxBlockMs: number,
  sizeBytes: number,
  partition: number,
  sticky: boolean,
  key: string | null,
  timestampMs: number,
  record: BufferWaiter['record'],
): BufferWaiter {
  return { sinceMs, deadlineMs: sinceMs + maxBlockMs, sizeBytes, accumulatedBytes: 0, partition, sticky, key, timestampMs, record };
}

/** `KafkaProducer.ensureValidRecordSize`'s message for a record larger than `buffer.memory`. */
function tooLargeMessage(bytes: number): string {
  return `The message is ${bytes} bytes when serialized which is larger than the total memory buffer you have configured with the buffer.memory configuration.`;
}

/** One record by hand (`KafkaProducer.send` with an explicit key, value and optional partition). */
export function produceOne(sim: Sim, p: Producer, cmd: Extract<Command, { type: 'produce' }>): void {
  // KafkaProducer.waitOnMetadata: a partition beyond the cached count triggers a metadata update first.
  if (p.metadataStale || (cmd.partition !== undefined && cmd.partition >= knownPartitions(p))) refreshMetadata(sim, p);
  const n = knownPartitions(p);
  if (cmd.partition !== undefined && (!Number.isInteger(cmd.partition) || cmd.partition < 0 || cmd.partition >= n)) {
    throw new KafkaException(
      'UnknownTopicOrPartitionException',
      `Invalid partition given with record: ${cmd.partition} is not in the range [0...${n}). Topic ${p.spec.topic} has ${n} partition(s).`,
    );
  }
  const chosen = cmd.partition !== undefined ? { partition: cmd.partition, sticky: false } : choosePartition(sim, p, cmd.key);
  const index = p.recordIndex++;
  void index;
  const timestampMs = cmd.timestampMs ?? sim.nowMs;
  const headers = cmd.headers ?? null;
  const outcome = appendRecord(sim, p, chosen.partition, { key: cmd.key, createdMs: sim.nowMs, timestampMs, value: { text: cmd.value }, headers });
  if ('tooLargeBytes' in outcome) throw new KafkaException('RecordTooLargeException', tooLargeMessage(outcome.tooLargeBytes));
  if ('sizeBytes' in outcome) {
    if (chosen.sticky) updateSticky(sim, p, chosen.partition, outcome.sizeBytes);
  } else if (p.settings.maxBlockMs <= 0) {
    failSends(sim, p, chosen.partition, 1, 'BufferExhaustedException', exhaustedMessage(p, outcome.blockedBytes, 0));
  } else {
    // This send() waits in BufferPool.allocate behind any earlier one, for at most max.block.ms.
    const record = { generated: false as const, value: cmd.value, headers };
    p.buffer.waiters.push(blockedSend(sim.nowMs, p.settings.maxBlockMs, outcome.blockedBytes, chosen.partition, chosen.sticky, cmd.key, timestampMs, record));
  }
  scheduleTick(sim, p, sim.nowMs);
}

// ---------------------------------------------------------------------------------------------
// The buffer pool (`BufferPool`, `buffer.memory`)

/** `BufferPool.allocate` when the memory is there now: takes it and says yes; otherwise takes nothing. */
function tryAllocate(p: Producer, bytes: number): boolean {
  if (p.settings.bufferMemory - p.buffer.usedBytes < bytes) return false;
  p.buffer.usedBytes += bytes;
  return true;
}

/** The rate-driven application thread is inside a blocked send(). */
function isThreadBlocked(p: Producer): boolean {
  return p.buffer.waiters.some((w) => w.record.generated);
}

/**
 * The first blocked send() takes whatever memory is free, up to what it asked for, and keeps it while
 * it waits (`BufferPool.allocate`'s `accumulated`): later sends cannot take it from under it.
 * Returns whether it now has all it asked for.
 */
function gatherMemory(p: Producer): boolean {
  const w = p.buffer.waiters[0];
  if (!w) return false;
  const free = Math.max(0, p.settings.bufferMemory - p.buffer.usedBytes);
  const got = Math.min(w.sizeBytes - w.accumulatedBytes, free);
  w.accumulatedBytes += got;
  p.buffer.usedBytes += got;
  return w.accumulatedBytes >= w.sizeBytes;
}

/**
 * A batch that was acknowledged or failed gives its memory back (`RecordAccumulator.deallocate` →
 * `BufferPool.deallocate`), which wakes the first blocked send(). NOTE mutates the batch: its bytes are given back once.
 */
function deallocate(sim: Sim, p: Producer, b: ProducerBatch): void {
  if (b.bufferBytes <= 0) return;
  p.buffer.usedBytes -= b.bufferBytes;
  b.bufferBytes = 0;
  if (p.buffer.waiters.length > 0 && gatherMemory(p)) scheduleTick(sim, p, sim.nowMs);
}

/**
 * The blocked send() calls, first come first served (`BufferPool.waiters`): the first goes on once it
 * has gathered what it asked for; any still waiting at its deadline fails with
 * `BufferExhaustedException` (a `TimeoutException`), handed to its callback as a failed send.
 */
function serveBlockedSends(sim: Sim, p: Producer): void {
  const waiters = p.buffer.waiters;
  while (waiters.length > 0) {
    const w = waiters[0]!;
    if (gatherMemory(p)) {
      waiters.shift();
      p.buffer.usedBytes -= w.accumulatedBytes; // handed to the batch appendRecord now makes (it takes them again)
      w.accumulatedBytes = 0;
      if (!appendAfterWait(sim, p, w)) break;
    } else if (sim.nowMs >= w.deadlineMs) {
      waiters.shift();
      failBlockedSend(sim, p, w);
    } else break;
  }
  // The others hold no memory; those past their deadline fail too.
  for (let i = 1; i < waiters.length;)
    if (sim.nowMs >= waiters[i]!.deadlineMs) failBlockedSend(sim, p, waiters.splice(i, 1)[0]!);
    else i++;
}

/**
 * The send() that got its memory appends its record: the record keeps its timestamp, the new batch
 * is created now (`RecordAccumulator.append` reads the clock again after the wait), and the sticky
 * partition is looked at again (`partitionChanged`). Returns false if it must wait again (buffer.memory
 * or batch.size changed meanwhile).
 */
function appendAfterWait(sim: Sim, p: Producer, w: BufferWaiter): boolean {
  const chosen = w.sticky ? choosePartition(sim, p, w.key) : { partition: w.partition, sticky: false };
  const r = w.record;
  const outcome = appendRecord(sim, p, chosen.partition, {
    key: w.key,
    createdMs: sim.nowMs,
    timestampMs: w.timestampMs,
    value: r.generated ? { index: r.index } : { text: r.value },
    headers: r.generated ? generatedHeaders(p) : r.headers,
  });
  if ('blockedBytes' in outcome) {
    p.buffer.waiters.unshift({ ...w, sizeBytes: outcome.blockedBytes });
    return false;
  }
  if ('tooLargeBytes' in outcome) failSends(sim, p, chosen.partition, 1, 'RecordTooLargeException', tooLargeMessage(outcome.tooLargeBytes));
  else if (chosen.sticky) updateSticky(sim, p, chosen.partition, outcome.sizeBytes);
  if (r.generated) resumeRate(sim, p);
  return true;
}

/** `BufferPool.allocate` gives up after max.block.ms: the send() fails with Kafka's message, and gives back what it had gathered. */
function failBlockedSend(sim: Sim, p: Producer, w: BufferWaiter): void {
  const message = exhaustedMessage(p, w.sizeBytes, w.deadlineMs - w.sinceMs);
  p.buffer.usedBytes -= w.accumulatedBytes;
  w.accumulatedBytes = 0;
  failSends(sim, p, w.partition, 1, 'BufferExhaustedException', message);
  if (w.record.generated) resumeRate(sim, p);
}

/** `BufferPool.allocate`'s BufferExhaustedException message (what it had gathered still counts as in use). */
function exhaustedMessage(p: Producer, sizeBytes: number, maxBlockMs: number): string {
  const total = p.settings.bufferMemory;
  const available = Math.max(0, total - p.buffer.usedBytes);
  return `Failed to allocate ${sizeBytes} bytes within the configured max blocking time ${maxBlockMs} ms. Total memory: ${total} bytes. Available memory: ${available} bytes. Poolable size: ${p.settings.batchSize} bytes`;
}

/**
 * After a blocked send() returns, the application goes on at its rate from now: its next record is
 * one interval later. It does not hurry to make up the records it could not send while blocked —
 * a thread blocked in send() made none, and catching up would only refill the buffer in a burst.
 */
function resumeRate(sim: Sim, p: Producer): void {
  p.rateStartMs = sim.nowMs;
  p.rateIndex = 1;
}

/** Records whose send() failed before reaching a batch: counted as failed and reported like failed batches. */
function failSends(sim: Sim, p: Producer, partition: number, records: number, exception: string, message: string): void {
  p.stats.failed += records;
  sim.stats.recordsFailed += records;
  recordError(sim, p, partition, exception, message, false);
  emit(sim, {
    type: 'producerError',
    topic: p.spec.topic,
    partition,
    producerId: p.id,
    error: { name: exception as never, message },
    records,
    retriable: false,
  });
}

// ---------------------------------------------------------------------------------------------
// The sender

/** Asks for a tick at `atMs` unless one is already due no later. */
export function scheduleTick(sim: Sim, p: Producer, atMs: number): void {
  const at = Math.max(sim.nowMs, Math.ceil(atMs));
  if (p.tickAtMs >= 0 && p.tickAtMs <= at) return;
  p.tickAtMs = at;
  scheduleAt(sim, at, { kind: 'producerTick', producerId: p.id });
}

export function onProducerTick(sim: Sim, id: string): void {
  const p = sim.producers[id];
  if (!p || p.removed || p.tickAtMs !== sim.nowMs) return;
  p.tickAtMs = -1;
  if (sim.nowMs >= p.metadataRefreshAtMs) p.metadataStale = true; // metadata.max.age.ms: new partitions show up here
  if (p.metadataStale) refreshMetadata(sim, p);
  if (p.buffer.waiters.length > 0) serveBlockedSends(sim, p);
  generateRecords(sim, p);
  expireBatches(sim, p);
  send(sim, p);
  planNextTick(sim, p);
}

/** Fails queued batches older than `delivery.timeout.ms` (`RecordAccumulator.expiredBatches`). */
function expireBatches(sim: Sim, p: Producer): void {
  const deliveryTimeoutMs = p.settings.deliveryTimeoutMs;
  for (const i of p.partitionOrder) {
    const st = p.partitions[i]!;
    while (st.queue.length > 0 && sim.nowMs - st.queue[0]!.createdMs >= deliveryTimeoutMs) {
      const b = st.queue.shift()!;
      failBatch(
        sim,
        p,
        b,
        'TimeoutException',
        `Expiring ${b.count} record(s) for ${b.topic}-${b.partition}:${sim.nowMs - b.createdMs} ms has passed since batch creation`,
      );
    }
  }
}

/**
 * The Sender (`Sender.sendProducerData`): `RecordAccumulator.ready` finds the leaders with a batch
 * that may go — full, lingered `linger.ms`, closed, or a retry past its backoff — and a free slot
 * within max.in.flight.requests.per.connection; `RecordAccumulator.drain` then takes the first batch
 * of every partition those leaders lead, lingered or not (`drainBatchesForOneNode`), into one produce
 * request per leader. Repeats while batches can go.
 */
function send(sim: Sim, p: Producer): void {
  if (p.metadataStale) refreshMetadata(sim, p);
  const { lingerMs, batchSize, maxInFlight, acks, idempotent } = p.settings;
  const partitions = p.partitionOrder;
  for (;;) {
    const readyLeaders: number[] = [];
    for (const i of partitions) {
      const st = p.partitions[i]!;
      const b = st.queue[0];
      if (!b) continue;
      const leader = p.metadata[i]?.leader ?? -1;
      if (leader < 0 || readyLeaders.includes(leader)) continue;
      const sendable = b.closed || st.queue.length > 1 || b.sizeBytes >= batchSize || sim.nowMs - b.createdMs >= lingerMs || b.attempts > 0;
      if (!sendable || b.readyAtMs > sim.nowMs) continue;
      if (maxInFlight === 1 && st.inFlight.length > 0) continue; // guaranteeMessageOrder: a muted partition readies nothing
      if (acks !== '0' && (p.inFlightPerBroker[leader] ?? 0) >= maxInFlight) continue; // NetworkClient.ready
      readyLeaders.push(leader);
    }
    if (readyLeaders.length === 0) return;
    const perBroker = new Map<number, ProducerBatch[]>();
    for (const i of partitions) {
      const st = p.partitions[i]!;
      const b = st.queue[0];
      if (!b) continue;
      const leader = p.metadata[i]?.leader ?? -1;
      if (!readyLeaders.includes(leader)) continue;
      if (b.readyAtMs > sim.nowMs) continue; // backing off after a failed attempt
      if (maxInFlight === 1 && st.inFlight.length > 0) continue; // guaranteeMessageOrder: mute the partition
      if (idempotent && st.inFlight.length >= 5) continue;
      st.queue.shift();
      b.closed = true;
      if (idempotent && b.baseSequence < 0) {
        b.pid = p.pid;
        b.baseSequence = st.nextSequence;
        st.nextSequence += b.count;
      }
      b.attempts++;
      st.inFlight.push(b);
      if (!perBroker.has(leader)) perBroker.set(leader, []);
      perBroker.get(leader)!.push(b);
    }
    if (perBroker.size === 0) return;
    for (const brokerId of [...perBroker.keys()].sort((a, b) => a - b)) {
      const batches = perBroker.get(brokerId)!;
      const broker = sim.brokers[brokerId];
      const request: ProduceRequest = {
        id: sim.nextRequestId++,
        producerId: p.id,
        brokerId,
        brokerIncarnation: broker?.incarnation ?? -1,
        acks,
        timeoutMs: p.settings.requestTimeoutMs,
        batches,
        results: batches.map(() => null),
        appended: batches.map(() => null),
        pending: batches.length,
        done: false,
      };
      for (const b of batches) p.stats.sent += b.attempts === 1 ? b.count : 0;
      if (acks === '0') {
        // acks=0: the producer does not wait; the records count as sent, never as acknowledged.
        for (const b of batches) {
          removeInFlight(p, b);
          deallocate(sim, p, b); // the batch is done once sent (Sender completes acks=0 batches at once)
        }
      } else {
        p.inFlightPerBroker[brokerId] = (p.inFlightPerBroker[brokerId] ?? 0) + 1;
      }
      schedule(sim, latencyMs(sim, brokerId), { kind: 'produceArrive', request });
    }
  }
}

function removeInFlight(p: Producer, b: ProducerBatch): void {
  const st = p.partitions[b.partition]!;
  const i = st.inFlight.indexOf(b);
  if (i >= 0) st.inFlight.splice(i, 1);
}

function planNextTick(sim: Sim, p: Producer): void {
  const { lingerMs, deliveryTimeoutMs } = p.settings;
  let next = p.metadataRefreshAtMs;
  for (const w of p.buffer.waiters) next = Math.min(next, w.deadlineMs);
  if (!p.paused && p.ratePerSec > 0 && !isThreadBlocked(p)) {
    const dueMs = p.rateStartMs + Math.floor((p.rateIndex * 1000) / p.ratePerSec);
    // A record cannot leave before its batch lingers linger.ms, so it may be made then, stamped with
    // its own time and its batch created at that time: the same sends, far fewer ticks. (Only while
    // a linger window holds too few records to fill a batch, which would send it earlier.)
    const fewPerWindow = (p.ratePerSec * lingerMs) / 1000 < 50;
    next = Math.min(next, fewPerWindow ? dueMs + lingerMs : dueMs);
  }
  let waitingForLeader = false;
  for (const key of p.partitionOrder) {
    const st = p.partitions[key]!;
    const b = st.queue[0];
    if (!b) continue;
    next = Math.min(next, b.createdMs + deliveryTimeoutMs);
    if ((p.metadata[key]?.leader ?? -1) < 0) waitingForLeader = true;
    else if (b.attempts > 0 || b.closed || st.queue.length > 1) next = Math.min(next, Math.max(b.readyAtMs, sim.nowMs + 1));
    else next = Math.min(next, Math.max(b.createdMs + lingerMs, b.readyAtMs));
  }
  if (waitingForLeader) {
    p.metadataStale = true; // Metadata refresh with backoff while a leader is unknown
    next = Math.min(next, sim.nowMs + num(p, 'retry.backoff.ms'));
  }
  if (next < Number.MAX_SAFE_INTEGER) scheduleTick(sim, p, Math.max(next, sim.nowMs + (next <= sim.nowMs ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// Responses

/** The produce response (or a disconnect) reaches the producer: acknowledge, retry, or fail each batch. */
export function onProduceResponse(sim: Sim, request: ProduceRequest, disconnected: boolean): void {
  const p = sim.producers[request.producerId];
  if (!p || p.removed) return;
  p.inFlightPerBroker[request.brokerId] = Math.max(0, (p.inFlightPerBroker[request.brokerId] ?? 1) - 1);
  for (let i = 0; i < request.batches.length; i++) {
    const b = request.batches[i]!;
    removeInFlight(p, b);
    const result = disconnected
      ? { error: 'NETWORK_EXCEPTION', message: `Disconnected from broker ${request.brokerId}: the connection was closed (the broker is down).`, baseOffset: -1 }
      : request.results[i]!;
    if (result.error === null) acknowledge(sim, p, request, i, result.baseOffset);
    else handleError(sim, p, b, result.error as ProduceError, result.message);
  }
  // A freed in-flight slot (or a retry) may let queued batches go now; with nothing queued there is nothing to do.
  if (p.partitionOrder.some((i) => p.partitions[i]!.queue.length > 0)) scheduleTick(sim, p, sim.nowMs);
}

function acknowledge(sim: Sim, p: Producer, request: ProduceRequest, index: number, baseOffset: number): void {
  const b = request.batches[index]!;
  const st = p.partitions[b.partition]!;
  st.acked += b.count;
  st.lastAckedOffset = Math.max(st.lastAckedOffset, baseOffset + b.count - 1);
  p.stats.acknowledged += b.count;
  sim.stats.recordsAcknowledged += b.count;
  deallocate(sim, p, b);
  emit(sim, { type: 'recordsAcknowledged', topic: b.topic, partition: b.partition, producerId: p.id, baseOffset, records: b.count, acks: request.acks });
  const part = sim.partitions[`${b.topic}-${b.partition}`];
  if (!part) return;
  let stored: StoredBatch | undefined = request.appended[index] ?? undefined;
  if (!stored) stored = batchAt(part.logs[request.brokerId]!.log, baseOffset); // a duplicate: the original batch
  if (stored) recordAcknowledged(sim, part, stored);
}

function handleError(sim: Sim, p: Producer, b: ProducerBatch, error: ProduceError, message: string): void {
  const info = PRODUCE_ERRORS[error] ?? { exception: 'KafkaException', retriable: false };
  const deliveryTimeoutMs = p.settings.deliveryTimeoutMs;
  p.stats.errors++;
  const canRetry = info.retriable && b.attempts <= num(p, 'retries') && sim.nowMs - b.createdMs < deliveryTimeoutMs;
  recordError(sim, p, b.partition, info.exception, message, canRetry);
  if (!canRetry) {
    const why = info.retriable
      ? `${message} (${sim.nowMs - b.createdMs} ms since batch creation: delivery.timeout.ms ${deliveryTimeoutMs} has passed)`
      : message;
    failBatch(sim, p, b, info.exception, why, false);
    return;
  }
  p.stats.retries++;
  emit(sim, {
    type: 'producerError',
    topic: b.topic,
    partition: b.partition,
    producerId: p.id,
    error: { name: info.exception as never, message },
    records: b.count,
    retriable: true,
  });
  // KIP-580: exponential backoff with ±20% jitter, capped at retry.backoff.max.ms.
  const base = Math.min(num(p, 'retry.backoff.max.ms'), num(p, 'retry.backoff.ms') * 2 ** Math.max(0, b.attempts - 1));
  b.readyAtMs = sim.nowMs + Math.max(0, Math.round(base * (0.8 + 0.4 * nextFloat(sim.rng))));
  if (error === 'NOT_LEADER_OR_FOLLOWER' || error === 'NETWORK_EXCEPTION' || error === 'UNKNOWN_TOPIC_OR_PARTITION') p.metadataStale = true;
  if (b.pid !== NO_PRODUCER_ID && b.pid !== p.pid) {
    b.pid = NO_PRODUCER_ID; // sequences were reset by an epoch bump: renumber at the next send
    b.baseSequence = NO_SEQUENCE;
  }
  reenqueue(p, b);
}

/** Puts a batch back for retry: in sequence order when idempotent, else at the front (`RecordAccumulator.reenqueue`). */
function reenqueue(p: Producer, b: ProducerBatch): void {
  const st = partState(p, b.partition);
  if (b.baseSequence >= 0) {
    let i = 0;
    while (i < st.queue.length && st.queue[i]!.baseSequence >= 0 && st.queue[i]!.baseSequence < b.baseSequence) i++;
    st.queue.splice(i, 0, b);
  } else st.queue.unshift(b);
}

function failBatch(sim: Sim, p: Producer, b: ProducerBatch, exception: string, message: string, record = true): void {
  deallocate(sim, p, b);
  p.stats.failed += b.count;
  sim.stats.recordsFailed += b.count;
  if (record) recordError(sim, p, b.partition, exception, message, false);
  emit(sim, {
    type: 'producerError',
    topic: b.topic,
    partition: b.partition,
    producerId: p.id,
    error: { name: exception as never, message },
    records: b.count,
    retriable: false,
  });
  if (b.pid !== NO_PRODUCER_ID && b.pid === p.pid) bumpProducerEpoch(sim, p);
}

/**
 * After a batch of an idempotent producer fails for good its sequence numbers have a gap, so the
 * producer starts a new epoch with fresh sequences (KIP-360); unsent batches are renumbered.
 */
function bumpProducerEpoch(sim: Sim, p: Producer): void {
  p.pid = sim.nextPid++;
  for (const key of p.partitionOrder) {
    const st = p.partitions[key]!;
    st.nextSequence = 0;
    for (const q of st.queue) {
      q.pid = NO_PRODUCER_ID;
      q.baseSequence = -1;
    }
  }
}

function recordError(sim: Sim, p: Producer, partition: number, name: string, message: string, retriable: boolean): void {
  p.recentErrors.push({ timeMs: sim.nowMs, partition, name, message, retriable });
  if (p.recentErrors.length > 20) p.recentErrors.shift();
}

// ---------------------------------------------------------------------------------------------
// Commands

/** Rejects a key pattern the generator cannot use (an empty key list, no distinct keys, a share outside 0–1). */
export function validateKeyPattern(keys: KeyPattern): KeyPattern {
  const bad = (why: string) => new KafkaException('InvalidConfigurationException', `Invalid key pattern: ${why}`);
  switch (keys.kind) {
    case 'none':
      return keys;
    case 'fixed':
      if (!Array.isArray(keys.keys) || keys.keys.length === 0 || keys.keys.length > 10_000) throw bad('a fixed set needs between 1 and 10000 keys.');
      return keys;
    case 'hot':
    case 'random':
      if (keys.kind === 'hot' && !(keys.hotShare >= 0 && keys.hotShare <= 1)) throw bad(`the hot key's share must be between 0 and 1 (got ${keys.hotShare}).`);
      if (!Number.isInteger(keys.cardinality) || keys.cardinality < 1 || keys.cardinality > 10_000_000)
        throw bad(`the number of distinct keys must be a whole number from 1 to 10000000 (got ${keys.cardinality}).`);
      return keys;
    default:
      throw bad(`unknown kind '${String((keys as { kind: unknown }).kind)}'.`);
  }
}

export function updateProducer(sim: Sim, p: Producer, cmd: Extract<Command, { type: 'updateProducer' }>): string[] {
  const changes: string[] = [];
  if (cmd.configs) {
    const merged: Record<string, ConfigValue> = { ...p.spec.configs };
    // A null value removes the override: back to Kafka's default (as kafka-configs.sh --delete-config).
    for (const [k, v] of Object.entries(cmd.configs))
      if (v === null) delete merged[k];
      else merged[k] = v;
    const parsed = parseConfigs(merged, 'producer');
    checkBufferMemory(parsed);
    p.configs = parsed;
    p.settings = resolveSettings(p);
    p.spec = { ...p.spec, configs: merged };
    const wantPid = isIdempotent(p);
    if (wantPid && p.pid === NO_PRODUCER_ID) p.pid = sim.nextPid++;
    if (!wantPid) p.pid = NO_PRODUCER_ID;
    changes.push(...Object.keys(cmd.configs).map((k) => (cmd.configs![k] === null ? `${k} back to Kafka's default` : `${k}=${String(parsed[k])}`)));
  }
  if (cmd.ratePerSec !== undefined) {
    if (!(cmd.ratePerSec >= 0) || cmd.ratePerSec > 100_000)
      throw new KafkaException('InvalidConfigurationException', `A producer's rate must be between 0 and 100000 records per second (got ${cmd.ratePerSec}).`);
    p.ratePerSec = cmd.ratePerSec;
    p.rateStartMs = sim.nowMs;
    p.rateIndex = 0;
    changes.push(`rate=${cmd.ratePerSec}/s`);
  }
  if (cmd.keys) {
    validateKeyPattern(cmd.keys);
    p.keys = cmd.keys;
    p.keyPool = [];
    p.spec = { ...p.spec, keys: cmd.keys };
    changes.push(`keys=${cmd.keys.kind}`);
  }
  if (cmd.paused !== undefined && cmd.paused !== p.paused) {
    p.paused = cmd.paused;
    if (!p.paused) {
      p.rateStartMs = sim.nowMs;
      p.rateIndex = 0;
    }
    changes.push(p.paused ? 'paused' : 'resumed');
  }
  p.metadataStale = true;
  scheduleTick(sim, p, sim.nowMs);
  return changes;
}
