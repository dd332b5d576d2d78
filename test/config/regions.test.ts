import { RegionInfo } from 'aws-cdk-lib/region-info';
import { KNOWN_REGIONS } from '../../lib/config/regions';

test("the known regions are aws-cdk-lib's commercial regions, in order", () => {
  const commercial = RegionInfo.regions.filter((r) => r.partition === 'aws').map((r) => r.name);
  expect(KNOWN_REGIONS).toEqual(commercial);
});
