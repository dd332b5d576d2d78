import { RegionInfo } from 'aws-cdk-lib/region-info';

/** Commercial regions a Fargate + DocumentDB + ElastiCache deployment can target. */
export const KNOWN_REGIONS: readonly string[] = RegionInfo.regions.map((r) => r.name).filter((name) => !/-(iso[a-z]*|gov)-|^cn-|^eusc-/.test(name));

/** AZ names are the region name plus one letter (eu-west-1a). */
export function azBelongsToRegion(az: string, region: string): boolean {
  return new RegExp(`^${region.replace(/[-]/g, '\\-')}[a-f]$`).test(az);
}
