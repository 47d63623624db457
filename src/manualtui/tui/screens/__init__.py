"""The explorer's views, one screen each: releases, compare, chapter (plus loading)."""
