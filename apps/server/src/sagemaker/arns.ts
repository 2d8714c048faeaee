// ARNs in SageMaker's format, arn:aws:sagemaker:<region>:<account>:<type>/<name>.
export interface Arns {
  region: string;
  accountId: string;
  domain(domainId: string): string;
  userProfile(domainId: string, profileName: string): string;
  parse(arn: string): { type: string; resource: string } | undefined;
}

export function createArns(region: string, accountId: string): Arns {
  const prefix = `arn:aws:sagemaker:${region}:${accountId}:`;
  return {
    region,
    accountId,
    domain: (domainId) => `${prefix}domain/${domainId}`,
    userProfile: (domainId, profileName) => `${prefix}user-profile/${domainId}/${profileName}`,
    parse(arn) {
      if (!arn.startsWith(prefix)) return undefined;
      const rest = arn.slice(prefix.length);
      const slash = rest.indexOf('/');
      return slash < 0 ? undefined : { type: rest.slice(0, slash), resource: rest.slice(slash + 1) };
    },
  };
}
