"""pyspark.sql.Observation: named metrics of a batch DataFrame, filled by the first action that runs it."""

from typing import TYPE_CHECKING, Any, Dict, Optional

from pyspark._sluice import bridge, js, wait
from pyspark.errors import PySparkAssertionError, PySparkTypeError, PySparkValueError
from pyspark.sql.column import Column

if TYPE_CHECKING:
    from pyspark.sql.dataframe import DataFrame

__all__ = ["Observation"]


class Observation:
    """Metrics of a batch DataFrame: `df.observe(observation, count(lit(1)).alias("rows"))`, run an action, then
    `observation.get` is a dict of the metrics of that first action."""

    def __init__(self, name: Optional[str] = None) -> None:
        if name is not None:
            if not isinstance(name, str):
                raise PySparkTypeError(
                    errorClass="NOT_STR", messageParameters={"arg_name": "name", "arg_type": type(name).__name__}
                )
            if name == "":
                raise PySparkValueError(
                    errorClass="VALUE_NOT_NON_EMPTY_STR", messageParameters={"arg_name": "name", "arg_value": name}
                )
        self._name = name
        self._jo = None

    def _on(self, df: "DataFrame", *exprs: Column) -> "DataFrame":
        if self._jo is not None:
            raise PySparkAssertionError(errorClass="REUSE_OBSERVATION", messageParameters={})
        jo = bridge.newObservation(self._name)
        observed = df._new(df._js.observe(jo, js([c._js for c in exprs])))
        self._jo = jo
        return observed

    @property
    def get(self) -> Dict[str, Any]:
        if self._jo is None:
            raise PySparkAssertionError(errorClass="NO_OBSERVE_BEFORE_GET", messageParameters={})
        metrics = wait(bridge, "observedMetrics", self._jo).to_py()
        doubles = set(bridge.observedDoubles(self._jo).to_py())
        return {k: float(v) if k in doubles and isinstance(v, int) else v for k, v in metrics.items()}
