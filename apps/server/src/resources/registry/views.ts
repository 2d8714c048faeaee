// A model package as DescribeModelPackage and ListModelPackages show it: its request as stored,
// its group and version, approval and times.
import type { CreateModelPackageRequest, OperationOutput } from '@tessera/contracts';
import type { ModelPackage } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';

type Described = OperationOutput<'DescribeModelPackage'>;
type Approval = Described['ModelApprovalStatus'];

export function describePackage(p: ModelPackage): Described {
  const spec = p.spec as unknown as CreateModelPackageRequest;
  return {
    ModelPackageName: p.groupName,
    ModelPackageGroupName: p.groupName,
    ModelPackageVersion: p.version,
    ModelPackageArn: p.arn,
    ...(spec.ModelPackageDescription ? { ModelPackageDescription: spec.ModelPackageDescription } : {}),
    CreationTime: epochSeconds(p.createdAt),
    ...(spec.InferenceSpecification ? { InferenceSpecification: spec.InferenceSpecification } : {}),
    // Nothing is validated or scanned: the status says so, as SageMaker's does for a package
    // created with SkipModelValidation.
    ModelPackageStatus: 'Completed',
    ModelPackageStatusDetails: { ValidationStatuses: [] },
    CertifyForMarketplace: spec.CertifyForMarketplace ?? false,
    ModelApprovalStatus: p.approvalStatus as Approval,
    ...(p.approvalDescription ? { ApprovalDescription: p.approvalDescription } : {}),
    CreatedBy: {},
    LastModifiedTime: epochSeconds(p.updatedAt),
    LastModifiedBy: {},
    ...(spec.MetadataProperties ? { MetadataProperties: spec.MetadataProperties } : {}),
    ...(spec.ModelMetrics ? { ModelMetrics: spec.ModelMetrics } : {}),
    ...(spec.CustomerMetadataProperties ? { CustomerMetadataProperties: spec.CustomerMetadataProperties } : {}),
    ...(spec.Domain ? { Domain: spec.Domain } : {}),
    ...(spec.Task ? { Task: spec.Task } : {}),
    ...(spec.SamplePayloadUrl ? { SamplePayloadUrl: spec.SamplePayloadUrl } : {}),
    ...(spec.SourceUri ? { SourceUri: spec.SourceUri } : {}),
    ...(spec.SkipModelValidation ? { SkipModelValidation: spec.SkipModelValidation } : {}),
  };
}

export function summarizePackage(p: ModelPackage) {
  const spec = p.spec as unknown as CreateModelPackageRequest;
  return {
    ModelPackageName: p.groupName,
    ModelPackageGroupName: p.groupName,
    ModelPackageVersion: p.version,
    ModelPackageArn: p.arn,
    ...(spec.ModelPackageDescription ? { ModelPackageDescription: spec.ModelPackageDescription } : {}),
    CreationTime: epochSeconds(p.createdAt),
    ModelPackageStatus: 'Completed',
    ModelApprovalStatus: p.approvalStatus as Approval,
  };
}
