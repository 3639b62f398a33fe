// Checker: what every rule area uses to look at a resolved pass and report, at the input each
// value came from.
#ifndef PKPASS_VALIDATE_CHECKER_H_
#define PKPASS_VALIDATE_CHECKER_H_

#include <span>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"
#include "schema/vocabulary.h"
#include "validate/memo.h"

namespace pkpass {

class Checker {
 public:
  // With `replay`, units the pass left untouched report what they reported of the model (see
  // Unit); with `record`, what each unit reports is kept there.
  Checker(const ResolvedPass& pass, Diagnostics& diags, const ValidationMemo* replay = nullptr,
          ValidationMemo* record = nullptr);
  // A checker of `document`, another JSON file of the pass (personalization.json): it reports in
  // `file` at pointers into `document`, and has the style of `pass_checker`. It never replays.
  Checker(const Checker& pass_checker, std::string file, const rapidjson::Value& document);

  const ResolvedPass& pass() const { return pass_; }
  // The document checked: pass.json, or the other file.
  const rapidjson::Value& json() const { return *json_; }
  // The first style key present ("boardingPass", ...), or "" when there is none.
  std::string_view style() const { return style_; }

  void Error(std::string_view code, const JsonPointer& at, std::string message) const;
  void Warning(std::string_view code, const JsonPointer& at, std::string message) const;

  // Reports a problem with the pass file at `path`: in the overrides at its "images" entry when
  // the overrides supplied it, else in that file of the model.
  void FileReport(Severity severity, std::string_view code, const std::string& path,
                  std::string message) const;

  // Reports that the key of `row`, required here, is missing at `at`: the error `code` with
  // `message` in a pass; in a model validated as a template (ResolvedPass::is_model), a warning
  // model-key-per-pass when the overrides may supply the key, since each pass then does.
  void Missing(const schema::Key& row, const JsonPointer& at, std::string_view code,
               std::string message) const;
  // Returns whether `v` has one of `types`; reports key-type when not.
  bool Type(const rapidjson::Value& v, unsigned types, const JsonPointer& at,
            std::string_view name) const;
  // Reports string-too-long when `v` is a string of more than `max` characters.
  void MaxChars(const rapidjson::Value& v, size_t max, const JsonPointer& at,
                std::string_view name) const;
  // Returns whether `v` is a string in `allowed`; reports enum-value-invalid when it is a string
  // not in it, key-type when it is no string.
  bool Enum(const rapidjson::Value& v, std::span<const std::string_view> allowed,
            const JsonPointer& at, std::string_view name) const;
  // Returns whether `v` is a W3C date with a time zone (Apple's pass format reference); reports
  // date-timezone-missing or date-invalid, naming `what`, when not. The one date check of the
  // validator.
  bool Date(const rapidjson::Value& v, const JsonPointer& at, std::string_view what) const;
  // Runs `rules`, the checks `rule` names of the unit at `at` (a top-level member of pass.json or
  // an element of an array in it), which must report about that subtree alone and only through
  // this checker. Replaying, when the pass left the unit untouched, adds what they reported of
  // the model's instead; recording, keeps what they report of an untouched unit.
  template <typename Rules>
  void Unit(MemoRule rule, const JsonPointer& at, Rules rules) const {
    if (replay_ != nullptr && pass_.provenance.Untouched(at.view())) {
      if (const std::vector<Diagnostic>* kept = replay_->Find(rule, at.view())) {
        for (const Diagnostic& d : *kept) diags_.Add(d);
        return;
      }
    }
    const size_t first = diags_.size();
    rules();
    if (record_ != nullptr && pass_.provenance.Untouched(at.view())) record_->Keep(rule, at.view(), diags_, first);
  }

  // Warns key-unknown for every member of `object` that `dict` has no row for.
  void UnknownKeys(const rapidjson::Value& object, schema::Dict dict, const JsonPointer& at,
                   std::string_view what) const;

 private:
  const ResolvedPass& pass_;
  Diagnostics& diags_;
  const rapidjson::Value* json_;
  std::string file_;  // "" for pass.json, whose diagnostics go where each value came from
  std::string_view style_;
  const ValidationMemo* replay_ = nullptr;
  ValidationMemo* record_ = nullptr;
};

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_CHECKER_H_
