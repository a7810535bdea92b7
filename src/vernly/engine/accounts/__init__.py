"""Console accounts: users with passwords, TOTP and OIDC, and server-side console sessions."""
