// Provenance: where each value of a resolved pass came from, so that a diagnostic about the
// resolved pass points at the input the user wrote. A value not recorded came from the model's
// pass.json at the same pointer.
#ifndef PKPASS_RESOLVE_PROVENANCE_H_
#define PKPASS_RESOLVE_PROVENANCE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_pointer.h"

namespace pkpass {

struct SourceLocation {
  std::string file;     // "pass.json" or "overrides"
  std::string pointer;  // RFC 6901 pointer into `file`
};

class Provenance {
 public:
  // Records that the resolved value at `resolved` (and everything below it) came from `source`
  // in `file`.
  void Record(const JsonPointer& resolved, std::string file, const JsonPointer& source);

  // Returns where the resolved value at `resolved_pointer` came from: the deepest recorded
  // ancestor's source with the rest of the pointer appended, else pass.json at the same pointer.
  SourceLocation Locate(std::string_view resolved_pointer) const;

  // Follows the removal of element `index` of the array at `array`, which had `size` elements:
  // what was recorded for the removed element is forgotten, and each later element keeps its
  // source at its new index (a model value among them is recorded as coming from pass.json at
  // its old pointer). Linear in the recorded entries times the elements moved.
  void EraseElement(std::string_view array, size_t index, size_t size);

  // Notes that the resolved value at `resolved` (and everything below it) may differ from the
  // model's: Record and EraseElement (for the whole array) note it too.
  void Touch(std::string_view resolved);

  // Returns whether no value at, above or below `resolved` was noted as touched: the subtree
  // there is the model's, at the same place, and every diagnostic about it points into
  // pass.json. Past kMaxTouched notes, every value counts as touched, so that this stays
  // bounded by a constant.
  bool Untouched(std::string_view resolved) const;

 private:
  std::map<std::string, SourceLocation, std::less<>> sources_;
  // Resolved pointers, in the order noted, up to kMaxTouched; past it, all_touched_.
  static constexpr size_t kMaxTouched = 64;
  std::vector<std::string> touched_;
  bool all_touched_ = false;
};

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_PROVENANCE_H_
