"""Compliance as code: CJIS, NIST 800-53 and DISA STIG rules as data, evaluated on config trees."""
