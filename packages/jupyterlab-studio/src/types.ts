// The server's Studio REST shapes as the browser sees them. Git shapes come from the contracts
// package (the one definition); the others are written by the server side and mirrored here.
export type AppStatus = 'Pending' | 'InService' | 'Failed' | 'Deleting' | 'Deleted';

export interface OpenStudioResponse {
  DomainId: string;
  UserProfileName: string;
  Username: string;
  JupyterBaseUrl: string;
  App: { AppName: string; Status: AppStatus; FailureReason?: string };
  Defaults: { InstanceType: string; ImageName: string };
}

export interface InstanceType {
  Name: string;
  VCpu: number;
  MemoryGiB: number;
  Gpus: number;
  FastLaunch: boolean;
  Available: boolean;
  UnavailableReason?: string;
}

export interface StudioImage {
  ImageName: string;
  ImageArn: string;
  DisplayName: string;
  Description?: string;
  BuiltIn: boolean;
  DefaultInstanceType?: string;
}

export interface StudioApp {
  AppName: string;
  AppType: string;
  Status: AppStatus;
  InstanceType: string;
  ImageName?: string;
  CreationTime: string;
  FailureReason?: string;
}

export interface StudioResources {
  Apps: StudioApp[];
  TrainingJobs: { Name: string; Status: string; CreationTime: string }[];
  Models: { Name: string; CreationTime: string }[];
  Endpoints: { Name: string; Status: string; CreationTime: string }[];
}

export interface KernelUsage {
  AppName: string;
  InstanceType: string;
  CpuPercent: number;
  MemoryBytes: number;
  MemoryLimitBytes: number;
  CpuLimit: number;
}

/** One message of the events WebSocket (/api/v1/events). */
export interface StudioEvent {
  type: string;
  resourceArn: string;
  status?: string;
  detail?: unknown;
  time: string;
}
