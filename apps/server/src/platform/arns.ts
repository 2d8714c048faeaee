// ARNs in SageMaker's format, arn:aws:sagemaker:<region>:<account>:<type>/<name>.
export interface Arns {
  region: string;
  accountId: string;
  domain(domainId: string): string;
  userProfile(domainId: string, profileName: string): string;
  app(domainId: string, owner: string, appType: string, appName: string): string;
  image(name: string): string;
  imageVersion(name: string, version: number): string;
  appImageConfig(name: string): string;
  /** training-job, processing-job, transform-job, model, endpoint-config, endpoint */
  named(type: string, name: string): string;
  parse(arn: string): { type: string; resource: string } | undefined;
}

export function createArns(region: string, accountId: string): Arns {
  const prefix = `arn:aws:sagemaker:${region}:${accountId}:`;
  return {
    region,
    accountId,
    domain: (domainId) => `${prefix}domain/${domainId}`,
    userProfile: (domainId, profileName) => `${prefix}user-profile/${domainId}/${profileName}`,
    // SageMaker lower-cases the app type in app ARNs: app/d-xxx/alice/kernelgateway/name
    app: (domainId, owner, appType, appName) => `${prefix}app/${domainId}/${owner}/${appType.toLowerCase()}/${appName}`,
    image: (name) => `${prefix}image/${name}`,
    imageVersion: (name, version) => `${prefix}image-version/${name}/${version}`,
    appImageConfig: (name) => `${prefix}app-image-config/${name}`,
    // SageMaker lower-cases these names in ARNs.
    named: (type, name) => `${prefix}${type}/${name.toLowerCase()}`,
    parse(arn) {
      if (!arn.startsWith(prefix)) return undefined;
      const rest = arn.slice(prefix.length);
      const slash = rest.indexOf('/');
      return slash < 0 ? undefined : { type: rest.slice(0, slash), resource: rest.slice(slash + 1) };
    },
  };
}
