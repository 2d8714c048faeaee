"""Writing the analyzer's results: JSON files readers of AWS's files can read, and the status message."""
import json
import math
import os

from ... import paths


def _finite(value):
    """JSON has no NaN or Infinity (JavaScript's JSON.parse refuses Python's bare NaN), so they are
    written as the strings SageMaker itself writes ("NaN" for an unavailable standard deviation)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write_json(directory, name, body):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(_finite(body), f, indent=2, allow_nan=False)
        f.write("\n")
    os.replace(path + ".tmp", path)  # a reader never sees half a file
    return path


def write_message(violations):
    """/opt/ml/output/message: its first word is the execution's status (Completed or
    CompletedWithViolations), which is how the control plane learns it."""
    if violations:
        text = f"CompletedWithViolations: Job completed successfully with {violations} violations."
    else:
        text = "Completed: Job completed successfully with no violations."
    os.makedirs(paths.output_dir(), exist_ok=True)
    with open(paths.opt_ml("output", "message"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text, flush=True)
    return text
