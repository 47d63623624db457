"""The explorer's views, one screen each: releases (also the first screen, while
loading), compare, chapter."""
