// Container output, kept per resource and instance in the shape CloudWatch Logs gives it: log
// groups (`/aws/sagemaker/TrainingJobs`, `/aws/sagemaker/Endpoints/<name>`, ...) holding streams
// (`<job>/algo-1-<epoch>`, `<variant>/<instance>`) of timestamped events. The job and endpoint
// runners append; the CloudWatch Logs API and the events socket read.

export interface LogEvent {
  /** Epoch ms, as the container runtime stamped the line. */
  timestamp: number;
  message: string;
}

export interface StoredLogEvent extends LogEvent {
  /** Epoch ms when Tessera stored it. */
  ingestionTime: number;
}

export interface LogStreamInfo {
  logGroupName: string;
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface LogStore extends LogStoreReader {
  /**
   * Appends events (in timestamp order) to a stream, creating group and stream on first use.
   * `ownerUserId` is who may read the stream besides admins (the job's or endpoint's owner).
   */
  append(
    group: string,
    stream: string,
    events: LogEvent[],
    owner: { ownerUserId: string | null; resourceArn: string },
  ): Promise<void>;
  /** The newest stored event's timestamp, so a follower resumes after a restart without duplicates. */
  lastTimestamp(group: string, stream: string): Promise<number | undefined>;
}

// ── Reading (the CloudWatch Logs API). Added beside append/lastTimestamp; every read goes to the
// database rows and the files themselves, so events appended by another process are seen. ──

/** Who reads: admins see every stream, anyone else only the streams they own. */
export interface LogReader {
  userId: string;
  isAdmin: boolean;
}

export interface LogGroupInfo {
  logGroupName: string;
  /** The earliest creation time among the reader's streams in the group. */
  creationTime: number;
  /** Bytes of the reader's streams in the group. */
  storedBytes: number;
}

/**
 * A place between two events of one stream (a byte offset in its file). Reading forward from it
 * returns the events after it, backward the events before it; positions stay valid forever,
 * because streams are only ever appended to.
 */
export type LogPosition = number;

export interface LogEventsPage {
  /** In stored order (the order they were appended, which appenders keep to timestamp order). */
  events: StoredLogEvent[];
  /** After the last event returned; the position read from when none was. */
  forward: LogPosition;
  /** Before the first event returned; the position read from when none was. */
  backward: LogPosition;
}

export interface FilteredLogEvent extends StoredLogEvent {
  logStreamName: string;
  /** Unique within the group (stream and position). */
  eventId: string;
}

export interface FilterResult {
  /** Interleaved across streams in timestamp order. */
  events: FilteredLogEvent[];
  searched: { logStreamName: string; searchedCompletely: boolean }[];
  /** Where each stream's scan stopped, when there is more to read; pass it back as `resume`. */
  resume?: Record<string, LogPosition>;
}

/** Thrown by reads: the group or stream does not exist for this reader, or a position is not one. */
/**
 * Which messages a filter keeps: one at a time (cheap, on this thread), or a batch at a time (a
 * user's regex, matched in a worker: platform/regex-off-thread.ts).
 */
export type MessageFilter = ((message: string) => boolean) | { batch(messages: string[]): Promise<boolean[]> };

/** Which of `messages` the filter keeps. */
export async function applyFilter(filter: MessageFilter, messages: string[]): Promise<boolean[]> {
  return typeof filter === 'function' ? messages.map((m) => filter(m)) : filter.batch(messages);
}

export class LogStoreError extends Error {
  constructor(
    readonly code: 'NoSuchGroup' | 'NoSuchStream' | 'BadPosition',
    message: string,
  ) {
    super(message);
  }
}

export interface LogStoreReader {
  /** Groups holding at least one stream the reader may see, by name, after `after`. */
  describeGroups(
    reader: LogReader,
    opts: { prefix?: string; contains?: string; after?: string; limit: number },
  ): Promise<LogGroupInfo[]>;
  /**
   * The reader's streams of a group (NoSuchGroup when there are none), ordered by name or by last
   * event time; `after` is the last stream of the previous page.
   */
  describeStreams(
    reader: LogReader,
    group: string,
    opts: {
      prefix?: string;
      orderBy: 'LogStreamName' | 'LastEventTime';
      descending: boolean;
      after?: LogStreamInfo;
      limit: number;
    },
  ): Promise<LogStreamInfo[]>;
  /**
   * Up to `limit` events (and at most `maxBytes` of messages) with startTime <= timestamp < endTime,
   * read forward from `from` (default: the start when `startFromHead`) or backward to it (default:
   * the end).
   */
  getEvents(
    reader: LogReader,
    group: string,
    stream: string,
    opts: {
      from?: { position: LogPosition; direction: 'forward' | 'backward' };
      startFromHead?: boolean;
      startTime?: number;
      endTime?: number;
      limit: number;
      maxBytes?: number;
    },
  ): Promise<LogEventsPage>;
  /**
   * Events of the reader's streams in a group (optionally only the named ones, or those with a
   * prefix) with startTime <= timestamp <= endTime that `matches`, interleaved by timestamp.
   * A batch filter's failure (a regex that ran too long) is the call's.
   */
  filterEvents(
    reader: LogReader,
    group: string,
    opts: {
      streamNames?: string[];
      streamPrefix?: string;
      startTime?: number;
      endTime?: number;
      matches: MessageFilter;
      limit: number;
      resume?: Record<string, LogPosition>;
    },
  ): Promise<FilterResult>;
}
