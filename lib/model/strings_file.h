// Reading a pass.strings file (Apple, "Creating the Source for a Pass"): lines of
// "key" = "value"; with /* */ and // comments, in UTF-16 (with a byte order mark, as Apple asks)
// or UTF-8.
#ifndef PKPASS_MODEL_STRINGS_FILE_H_
#define PKPASS_MODEL_STRINGS_FILE_H_

#include <set>
#include <string>
#include <string_view>

namespace pkpass {

struct StringsFile {
  std::string error;      // "" when the file parses; else what is wrong and where
  std::set<std::string> keys;
  bool utf16 = false;     // the file is UTF-16 with a byte order mark
  bool non_ascii = false;  // the text has characters beyond ASCII
};

StringsFile ReadStringsFile(std::string_view bytes);

}  // namespace pkpass

#endif  // PKPASS_MODEL_STRINGS_FILE_H_
