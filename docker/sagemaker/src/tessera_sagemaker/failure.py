"""How a training container fails: a human-readable reason in /opt/ml/output/failure and a
non-zero exit. The file's text is meant to be the job's FailureReason as it stands, so it starts
the way SageMaker's reasons do ("ClientError: ..." for bad hyperparameters or data,
"AlgorithmError: ..." for everything else)."""
import os
import sys
import traceback

from . import paths

# SageMaker keeps the first 1024 characters of a FailureReason.
MAX_REASON = 1024


class ClientError(Exception):
    """The job's input (hyperparameters, channels, data) is wrong: the user can fix it."""


class AlgorithmError(Exception):
    """Training itself failed; exit_code is what the container exits with."""

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code


def write(reason):
    """Writes the reason unless the user's own code wrote one first: theirs says more, and
    SageMaker's training toolkit keeps it the same way."""
    os.makedirs(paths.output_dir(), exist_ok=True)
    if os.path.exists(paths.failure_file()) and os.path.getsize(paths.failure_file()) > 0:
        return
    with open(paths.failure_file(), "w", encoding="utf-8") as f:
        f.write(reason[:MAX_REASON])


def run(train):
    """Runs train(); turns any exception into the failure file and an exit code."""
    try:
        train()
        return 0
    except ClientError as e:
        reason, code = f"ClientError: {e}", 1
    except AlgorithmError as e:
        reason, code = f"AlgorithmError: {e}", e.exit_code
    except Exception as e:  # noqa: BLE001 - whatever it was, the job must say why it failed
        traceback.print_exc()
        reason, code = f"AlgorithmError: {type(e).__name__}: {e}", 1
    print(reason, file=sys.stderr, flush=True)
    write(reason)
    return code
