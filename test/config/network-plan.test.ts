import { cidrProblem, largestPrefixFor, VPC_PREFIX } from '../../lib/config/network-plan';

const MALFORMED = 'must be an IPv4 CIDR block a.b.c.d/n with each of a-d from 0 to 255, e.g. "10.10.0.0/16"';

describe('VPC range checks', () => {
  test('malformed blocks: parts, digits, range of an octet, leading zeros, the prefix', () => {
    for (const cidr of [
      '10.0.0/16',
      '10.0.0.0.0/16',
      '10.a0.0.0/16',
      '1x.0.0.0/16',
      '10.0.0.1000/16',
      '256.0.0.0/16',
      '010.0.0.0/16',
      '10.00.0.0/16',
      '10.0.0.0',
      '10.0.0.0/',
      '10.0.0.0/123',
      '10.0.0.0/1a',
      '/16',
      'a/10.0.0.0/16',
      ' 10.0.0.0/16',
      '10.0.0.0/16 ',
    ]) {
      expect([cidr, cidrProblem(cidr, 2)]).toEqual([cidr, MALFORMED]);
    }
  });

  test('each octet may be 0 to 255, written without leading zeros', () => {
    expect(cidrProblem('255.255.0.0/16', 2)).toBeUndefined();
    expect(cidrProblem('0.0.0.0/16', 2)).toBeUndefined();
    expect(cidrProblem('100.64.0.0/16', 2)).toBeUndefined();
    expect(cidrProblem('10.250.0.0/16', 2)).toBeUndefined();
  });

  test('prefixes from /16 to /28 only, the sizes a VPC accepts', () => {
    expect(VPC_PREFIX).toEqual({ min: 16, max: 28 });
    expect(cidrProblem('10.0.0.0/15', 2)).toBe('must have a prefix from /16 to /28 (the sizes a VPC accepts)');
    expect(cidrProblem('10.0.0.0/29', 2)).toBe('must have a prefix from /16 to /28 (the sizes a VPC accepts)');
    expect(cidrProblem('10.0.0.0/16', 2)).toBeUndefined();
    // /28 is a valid VPC size, only too small for the subnet plan.
    expect(cidrProblem('10.0.0.0/28', 2)).toMatch(/^is too small for the subnet plan /);
  });

  test('host bits are refused with the network address of the block', () => {
    expect(cidrProblem('172.31.255.255/20', 1)).toBe('has host bits set; the block starting at the network address is 172.31.240.0/20');
    expect(cidrProblem('10.1.0.0/16', 2)).toBeUndefined();
    expect(cidrProblem('10.1.0.1/16', 2)).toBe('has host bits set; the block starting at the network address is 10.1.0.0/16');
    expect(cidrProblem('10.1.192.0/18', 2)).toBeUndefined();
    expect(cidrProblem('10.1.160.0/18', 2)).toBe('has host bits set; the block starting at the network address is 10.1.128.0/18');
  });

  test('the smallest range that holds the plan, per number of zones', () => {
    // 1 AZ: /24 public, then the /20 private aligned at 4096, then /24 isolated: 8448 addresses, a /18.
    expect([1, 2, 3, 4, 5, 6, 7].map(largestPrefixFor)).toEqual([18, 18, 17, 17, 17, 17, 16]);
    // Nothing fits beyond the largest VPC: the largest is named, and the schema's AZ limit keeps configs below it.
    expect(largestPrefixFor(20)).toBe(16);
    expect(cidrProblem('10.0.0.0/17', 7)).toBe('is too small for the subnet plan (a /24 public, a /20 private, a /24 isolated subnet per AZ, in 7 AZs); use a /16 or larger');
    expect(cidrProblem('10.0.0.0/17', 6)).toBeUndefined();
    expect(cidrProblem('10.0.0.0/18', 2)).toBeUndefined();
  });
});
