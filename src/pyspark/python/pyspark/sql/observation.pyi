from typing import Any, Dict, Optional

class Observation:
    """Metrics of a batch DataFrame: `df.observe(observation, count(lit(1)).alias("rows"))`, run an action, then
    `observation.get` is a dict of the metrics of that first action."""

    def __init__(self, name: Optional[str] = None) -> None:
        """An Observation named `name`, or with a random name."""
    @property
    def get(self) -> Dict[str, Any]:
        """The metrics of the first action on the observed DataFrame, by name."""
