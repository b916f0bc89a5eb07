// Replaced by the estimators (stats.cpp); exists so the library has a source while they are written.
