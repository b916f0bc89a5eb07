# Turns a message catalogue (YAML) into a C++ source defining one string constant.
file(READ ${IN} content)
file(WRITE ${OUT} "// Generated from ${IN}; edit the catalogue, not this file.\n"
  "namespace readysim::catalog { extern const char* const ${LANG}; const char* const ${LANG} = R\"readysim_catalog(${content})readysim_catalog\"; }\n")
