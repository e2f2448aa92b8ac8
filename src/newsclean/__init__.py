"""newsclean: turn scraped news text into clean article bodies.

>>> from newsclean import clean
>>> clean("Share\\n\\nThe talks in Geneva ended on Monday without an agreement.\\n").text
'The talks in Geneva ended on Monday without an agreement.\\n'
"""
from .pipeline import Cleaner, Result, clean
from .ruleset import Rule, RuleFileError, RuleSet, load_rules, make_rule
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["Cleaner", "Result", "Rule", "RuleFileError", "RuleSet", "Settings", "clean",
           "load_rules", "make_rule", "__version__"]
