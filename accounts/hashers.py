"""A hasher for machine-generated one-time passwords only.

PBKDF2's many iterations protect passwords people choose, which are guessable. A generated
password of 16 symbols from a 32-symbol alphabet has 80 bits of entropy: no iteration count
adds anything against that, and hashing 3,321 commune passwords at 0.5 s each would take half
an hour. These passwords must be changed at first login; Django then re-hashes the new one
with the default hasher (this one is never the default).
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class GeneratedPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_generated"
    iterations = 1000
