// Reading a pass.strings file (Apple, "Creating the Source for a Pass"): lines of
// "key" = "value"; with /* */ and // comments, in UTF-16 (with a byte order mark, as Apple asks)
// or UTF-8.
#ifndef PKPASS_MODEL_STRINGS_FILE_H_
#define PKPASS_MODEL_STRINGS_FILE_H_

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pkpass {

struct StringsFile {
  std::string error;      // "" when the file parses; else what is wrong and where
  std::set<std::string> keys;
  // Every "key" = "value"; in file order, both as written (escapes kept): what a pass's own
  // strings are merged with (MergeStrings).
  std::vector<std::pair<std::string, std::string>> entries;
  bool utf16 = false;     // the file is UTF-16 with a byte order mark
  bool non_ascii = false;  // the text has characters beyond ASCII
};

StringsFile ReadStringsFile(std::string_view bytes);

// Returns `text` escaped for a quoted pass.strings token: backslash, quote, newline, return and
// tab as \\, \", \n, \r and \t.
std::string EscapeStringsToken(std::string_view text);

// Returns a pass.strings file, UTF-16LE with a byte order mark as Apple asks, of `base`'s
// entries (its keys and values as written) with `own` (escaped keys and values, as
// EscapeStringsToken gives them) applied: an own key that base has replaces its value in place;
// the others follow, in the order given. `base` may be null. Linear in the entries, n log n in
// their number.
std::string MergeStrings(const StringsFile* base,
                         const std::vector<std::pair<std::string, std::string>>& own);

}  // namespace pkpass

#endif  // PKPASS_MODEL_STRINGS_FILE_H_
