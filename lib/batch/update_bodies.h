// Update bodies as each vendor's users write them (pkpass/import.h), read into native patches for
// PatchedRecords: a body names the pass it updates by the vendor's own id, which is the pass's
// serialNumber here.
//
//   pass2u       the PUT body: native overrides, with "serialNumber" or Pass2U's "passId"
//   eventticket  updatepassdata, with "pass-id"
//   airship      the PUT /v1/pass/id/{externalId} body, with "externalId" beside "fields"
//   passcreator  the PATCH body {"data": {"userProvidedId", ...}}; a bulk PATCH's "filter"
//                picks the stored passes it applies to (UpdateFilter)
#ifndef PKPASS_BATCH_UPDATE_BODIES_H_
#define PKPASS_BATCH_UPDATE_BODIES_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/diagnostic.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "pkpass/status.h"
#include "util/json.h"

namespace pkpass {

struct UpdateBody {
  std::optional<std::string> serial;  // the pass it updates; nullopt when the body names none
  std::string patch;                  // native overrides patch
  Diagnostics problems;               // the body's problems, for the file `file`
};

// Reads one update body written in `from` (with the model's payload names, when `model` is
// given). Its problems go to `body.problems`, at pointers into the body, for the file `file`.
UpdateBody ReadUpdateBody(PayloadFormat from, std::string_view text, const Model* model, std::string_view file);

// Passcreator's bulk filter, evaluated over stored overrides:
//   "identifiers": ["A", "B"]   the passes with these serial numbers (Passcreator's ids for them)
//   "query": {"templateId", "groups": [[{"field", "operator", "value": [...]}, ...], ...]}
//       a pass matches when every condition of some group holds. "field" is a field of the pass
//       (through model.json's "payloadFields" for passcreator, else by key; "userProvidedId" and
//       "serialNumber" are its serial): its stored value, else the model's. "operator" is
//       "equals" (as text, or as numbers when both are), "contains" (a substring, case as
//       written), "greaterThan" or "lessThan" (as numbers); a condition holds when it does for
//       one of "value"'s items. "templateId" names the template, which is the model.
// Given both, a pass must match both. A "segmentId" names a segment kept on Passcreator's
// servers and cannot be evaluated offline: kInvalidArgument says so, as it does for any other key
// or operator.
class UpdateFilter {
 public:
  static Result<UpdateFilter> Passcreator(const rapidjson::Value& filter, const Model* model);

  // Whether the stored overrides `stored` (an object) are picked.
  bool Matches(const rapidjson::Value& stored) const;

 private:
  struct Condition {
    std::string field;  // a field key, or "" for the serial number
    enum class Op { kEquals, kContains, kGreater, kLess } op;
    std::vector<std::string> texts;  // the values as text
  };
  using Names = std::map<std::string, std::string, std::less<>>;  // payload name -> field key

  // One condition {"field", "operator", "value"}, its field named through `names`.
  static Result<Condition> ReadCondition(const rapidjson::Value& c, const Names* names);
  // filter.query: {"templateId", "groups"}.
  Status ReadQuery(const rapidjson::Value& query, const Names* names);
  // The model's payload names and its fields' values, which conditions read where a pass has none.
  const Names* ReadModel(const Model& model);

  std::optional<std::set<std::string, std::less<>>> identifiers_;
  std::optional<std::vector<std::vector<Condition>>> groups_;
  std::map<std::string, std::string, std::less<>> model_values_;  // field key -> the model's value
};

}  // namespace pkpass

#endif  // PKPASS_BATCH_UPDATE_BODIES_H_
