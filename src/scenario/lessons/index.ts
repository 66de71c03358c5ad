/**
 * The built-in lessons, in the order a course would take them. Each is a small scenario plus
 * narration steps; `#lesson=<id>` opens one.
 */
import { compaction } from './compaction';
import { consumerGroups } from './consumer-groups';
import { durability } from './durability';
import { keysAndPartitions } from './keys-and-partitions';
import { quickstart } from './quickstart';
import { records } from './records';
import { replication } from './replication';
import { retention } from './retention';
import { streamProcessing } from './stream-processing';
import { topicIsALog } from './topic-is-a-log';
import type { Lesson } from './types';

export type { Lesson, LessonPredict, LessonStep } from './types';

/** The ten built-in lessons, in order. */
export const LESSONS: readonly Lesson[] = [
  streamProcessing,
  topicIsALog,
  records,
  keysAndPartitions,
  replication,
  durability,
  retention,
  consumerGroups,
  compaction,
  quickstart,
];

/**
 * The built-in lesson with this id, or undefined (ids come from URLs: never trust them).
 * @example findLesson('retention')?.title // 'Retention'
 */
export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
