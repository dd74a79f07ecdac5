/**
 * DEMO VALUES ONLY. The demo CSP users' authenticators (CSP staff always need a second factor):
 * fixed TOTP secrets (base32, RFC 6238 defaults) and recovery codes, documented in the README so
 * that a person trying the demo, and the end-to-end tests, can compute codes. The seed seals the
 * secrets and stores only the hashes of the recovery codes, as enrolment would. Never reuse them.
 */
export const DEMO_MFA: Record<string, { secret: string; recoveryCodes: string[] }> = {
  "csp.admin@csp.example": {
    secret: "FJDFGGQJIY2M2S3UPKMCUOTX4A6MZHRC",
    recoveryCodes: ["7bkdw-wspvw", "cnhwc-4r1pa", "7x6k1-gjvsd", "zmrpa-88jf4", "h6005-xsrc3", "jrfwf-zwh4v", "0t1jw-6havx", "2mvrw-e7awc", "pt270-d9z00", "0sjb6-trd5c"],
  },
  "am@csp.example": {
    secret: "SW2AMVKHBRMAIEESBMVMLBTK5XZSDVF5",
    recoveryCodes: ["fhz93-w2zej", "be5q9-p14kk", "93vt0-3bem4", "5ghq6-eqfss", "2wwxr-y5t8v", "5jkyk-g1s7h", "g0z76-t76pz", "26wex-06p20", "2bc41-d9f2w", "bvdgr-epx89"],
  },
};
