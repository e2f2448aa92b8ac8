"""newsclean: turn scraped news text into clean article bodies.

>>> from newsclean import clean
>>> clean("Share\\n\\nThe talks in Geneva ended on Monday without an agreement.\\n").text
'The talks in Geneva ended on Monday without an agreement.\\n'
"""
from importlib import import_module

__version__ = "0.1.0"
__all__ = ["Cleaner", "Result", "Rule", "RuleFileError", "RuleSet", "Settings", "clean",
           "load_rules", "make_rule", "__version__"]

# Names are imported when first used: the command's start-up (and `newsclean learn`, which
# needs neither the rules nor the line model) does not pay for numpy and the model.
_HOMES = {"Cleaner": "pipeline", "Result": "pipeline", "clean": "pipeline", "Rule": "ruleset",
          "RuleFileError": "ruleset", "RuleSet": "ruleset", "load_rules": "ruleset",
          "make_rule": "ruleset", "Settings": "settings"}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsclean' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
