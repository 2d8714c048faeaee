import type { AppImageConfig, Image, ImageVersion } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';

export const imageView = (row: Image) => ({
  CreationTime: epochSeconds(row.createdAt),
  ...(row.description ? { Description: row.description } : {}),
  ...(row.displayName ? { DisplayName: row.displayName } : {}),
  ImageArn: row.arn,
  ImageName: row.name,
  ImageStatus: row.status as 'CREATED',
  LastModifiedTime: epochSeconds(row.updatedAt),
});

export const imageVersionView = (row: ImageVersion & { image: Image }) => ({
  BaseImage: row.baseImage,
  ContainerImage: row.containerImage,
  CreationTime: epochSeconds(row.createdAt),
  ...(row.failureReason ? { FailureReason: row.failureReason } : {}),
  ImageArn: row.image.arn,
  ImageVersionArn: row.arn,
  ImageVersionStatus: row.status as 'CREATED',
  LastModifiedTime: epochSeconds(row.createdAt),
  Version: row.version,
});

export const appImageConfigView = (row: AppImageConfig) => ({
  AppImageConfigArn: row.arn,
  AppImageConfigName: row.name,
  CreationTime: epochSeconds(row.createdAt),
  LastModifiedTime: epochSeconds(row.updatedAt),
  ...(row.config as Record<string, unknown>),
});
