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

export interface LogStore {
  /**
   * Appends events (in timestamp order) to a stream, creating group and stream on first use.
   * `ownerUserId` is who may read the stream besides admins (the job's or endpoint's owner).
   */
  append(group: string, stream: string, events: LogEvent[], owner: { ownerUserId: string | null; resourceArn: string }): Promise<void>;
  /** The newest stored event's timestamp, so a follower resumes after a restart without duplicates. */
  lastTimestamp(group: string, stream: string): Promise<number | undefined>;
}
