# Turns a vendored web asset (JavaScript or CSS) into a C++ source defining
# `const char* const readysim::report_assets::NAME[]`: the file in chunks of at most 30000 bytes
# (ISO C++ promises string literals of 65536), ending with nullptr; the report joins them.
# Source-map comments are dropped (nothing is fetched), and url(images/…) in CSS becomes none.
file(READ ${IN} content)
string(REGEX REPLACE "\n//# sourceMappingURL=[^\n]*" "\n" content "${content}")
string(REGEX REPLACE "/\\*# sourceMappingURL=[^*]*\\*/" "" content "${content}")
string(REGEX REPLACE "url\\(images/[^)]*\\)" "none" content "${content}")
string(FIND "${content}" ")rsasset\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )rsasset\"")
endif()
string(LENGTH "${content}" size)
set(out "// Generated from ${IN}; do not edit.\nnamespace readysim::report_assets {\nextern const char* const ${NAME}[];\nconst char* const ${NAME}[] = {\n")
set(offset 0)
while(offset LESS size)
  string(SUBSTRING "${content}" ${offset} 30000 chunk)
  string(APPEND out "R\"rsasset(${chunk})rsasset\",\n")
  math(EXPR offset "${offset} + 30000")
endwhile()
string(APPEND out "nullptr};\n}\n")
file(WRITE ${OUT} "${out}")
