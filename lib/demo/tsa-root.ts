/**
 * The DEMO TSA's root certificate (the same bytes as lib/demo/tsa/demo-tsa-root.pem; a test checks
 * they agree), as a string: verification trusts it when no TSA root is pinned, also inside a
 * bundled Lambda function, which has no data files beside its code.
 */
export const DEMO_TSA_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBqjCCAVGgAwIBAgIBATAKBggqhkjOPQQDAjA9MTswOQYDVQQDDDJhaS1ldmlk
ZW5jZSBERU1PIFRTQSByb290IChub3QgYSByZWFsIHRpbWUgc291cmNlKTAeFw0y
MDAxMDEwMDAwMDBaFw00OTEyMzEyMzU5NTlaMD0xOzA5BgNVBAMMMmFpLWV2aWRl
bmNlIERFTU8gVFNBIHJvb3QgKG5vdCBhIHJlYWwgdGltZSBzb3VyY2UpMFkwEwYH
KoZIzj0CAQYIKoZIzj0DAQcDQgAEdqtchD++57vJFMRXT0mgPGc36+SapePdzB8m
F681gTNvdsfY2lZ4/nGM3UvBXysE1Lcq+PuYrHOEyd3K0HT30aNCMEAwDwYDVR0T
AQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFGMjRyfH64eUSaZe
nj2G9bVuqMtxMAoGCCqGSM49BAMCA0cAMEQCIGSVBjS6zGCRZ9fVnHUqkTiedjiz
pZ1VwuFfoo7JTZFDAiB9d1L2h8EEC0PimaUsjbnzPUD7u/O95GLBJAX3JeNbCw==
-----END CERTIFICATE-----
`;
