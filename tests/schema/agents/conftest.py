from tests.agents.support import llm

__all__ = ["llm"]
