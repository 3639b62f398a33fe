#include "resolve/local_dates.h"

#include <string>
#include <string_view>

#include "pkpass/diagnostic_codes.h"
#include "schema/vocabulary.h"
#include "schema/pass_fields.h"
#include "util/time_zone.h"
#include "util/w3c_date.h"

namespace pkpass {
namespace {

using rapidjson::Value;
using schema::Dict;

constexpr char kOverridesFile[] = "overrides";
constexpr LocalTime kProbe{2000, 1, 1, 12, 0, 0};  // any time: is the zone known?

// A date as written: its text before a bracketed zone, and the zone ("" when none). RFC 9557's
// critical flag ("[!Europe/Berlin]") is accepted and dropped.
struct Written {
  std::string date;
  std::string_view zone;
};

Written Split(std::string_view text) {
  Written w{std::string(text), {}};
  if (text.size() > 2 && text.back() == ']') {
    const size_t open = text.rfind('[');
    if (open != std::string_view::npos) {
      w.zone = text.substr(open + 1, text.size() - open - 2);
      if (w.zone.starts_with('!')) w.zone.remove_prefix(1);
      w.date.resize(open);
    }
  }
  if (w.date.size() > 10 && w.date[10] == ' ') w.date[10] = 'T';  // "Y-m-d H:i"
  return w;
}

class LocalDates {
 public:
  // With `touched_only`, values the pass left as the model has them are not looked at: the
  // caller knows that none of the model's dates changes in `zone`.
  LocalDates(ResolvedPass& pass, Diagnostics& diags, std::string_view zone, bool touched_only)
      : pass_(pass), diags_(diags), zone_(zone), touched_only_(touched_only) {}

  // Whether a date was rewritten or refused.
  bool changed() const { return changed_; }

  // Rewrites the dates in `object`, a dictionary `dict` at `at`. The nesting follows the
  // vocabulary's dictionaries, so the depth is bounded by the table.
  void Walk(Dict dict, Value& object, const JsonPointer& at) {
    for (auto& m : object.GetObject()) {
      const schema::Key* key = schema::Find(dict, StringOf(m.name));
      if (key == nullptr || (key->format != schema::Format::kDate && key->value_dict == Dict::kNone)) continue;
      const JsonPointer member_at = at.Child(StringOf(m.name));
      if (!Skipped(member_at)) WalkValue(*key, m.value, member_at);
    }
    if (dict == Dict::kField && IsDateField(object)) {
      if (Value* value = Member(object, "value"); value != nullptr && value->IsString()) {
        Date(*value, at.Child("value"));
      }
    }
  }

 private:
  void WalkValue(const schema::Key& key, Value& value, const JsonPointer& at) {
    if (key.format == schema::Format::kDate && value.IsString()) return Date(value, at);
    if (key.value_dict == Dict::kNone) return;
    if (value.IsObject()) return Walk(key.value_dict, value, at);
    if (!value.IsArray()) return;
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      if (!value[i].IsObject()) continue;
      const JsonPointer item_at = at.Child(i);
      if (!Skipped(item_at)) Walk(key.value_dict, value[i], item_at);
    }
  }

  bool Skipped(const JsonPointer& at) const { return touched_only_ && pass_.provenance.Untouched(at.view()); }

  // Rewrites one date, or reports why it cannot be placed in time.
  void Date(Value& value, const JsonPointer& at) {
    const Written written = Split(StringOf(value));
    W3cDateParts parts;
    const DateCheck check = ParseW3cDate(written.date, parts);
    if (check == DateCheck::kInvalid) return;  // the validator says what is wrong
    const std::string_view zone = !written.zone.empty() ? written.zone : zone_;
    if (zone.empty() || (check == DateCheck::kValid && written.zone.empty())) {
      if (written.date != StringOf(value)) Set(value, written.date, at);  // the validator judges it
      return;
    }
    const LocalTime local{parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second};
    const ZonedTime zoned = InZone(zone, local);
    const std::string local_text = written.date.substr(0, parts.local_length);
    const std::string in_zone = local_text + " in " + std::string(zone);
    switch (zoned.kind) {
      case ZonedTime::Kind::kUnknownZone:
        return Report(codes::kDateZoneUnknown, at, zoned.error);
      case ZonedTime::Kind::kUnique:
      case ZonedTime::Kind::kAmbiguous:
        if (check == DateCheck::kValid) {
          const int given = parts.offset_minutes * 60;
          if (given == zoned.offset_seconds ||
              (zoned.kind == ZonedTime::Kind::kAmbiguous && given == zoned.other_offset_seconds)) {
            return Set(value, written.date, at);
          }
          return Report(codes::kDateZoneMismatch, at,
                        "the offset " + OffsetText(given) + " is not " + in_zone + "'s, which is " +
                            OffsetText(zoned.offset_seconds) +
                            (zoned.kind == ZonedTime::Kind::kAmbiguous
                                 ? " or " + OffsetText(zoned.other_offset_seconds) : ""));
        }
        if (zoned.kind == ZonedTime::Kind::kUnique) {
          return Set(value, WithSeconds(local_text) + OffsetText(zoned.offset_seconds), at);
        }
        return Report(codes::kDateLocalAmbiguous, at,
                      in_zone + " happens twice, at " + OffsetText(zoned.offset_seconds) +
                          " and again at " + OffsetText(zoned.other_offset_seconds) +
                          " (the clocks go back): write the offset of the one meant, as in \"" +
                          WithSeconds(local_text) + OffsetText(zoned.offset_seconds) + "\"");
      case ZonedTime::Kind::kNonexistent:
        return Report(codes::kDateLocalNonexistent, at,
                      in_zone + " does not exist: the clocks go from " +
                          OffsetText(zoned.offset_seconds) + " to " +
                          OffsetText(zoned.other_offset_seconds) + " over it");
    }
  }

  // A local date and time with seconds: "YYYY-MM-DDThh:mm" gets ":00".
  static std::string WithSeconds(const std::string& local) {
    return local.size() == 16 ? local + ":00" : local;
  }

  void Set(Value& value, const std::string& text, const JsonPointer& at) {
    value.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()),
                    pass_.pass_json.GetAllocator());
    pass_.provenance.Touch(at.view());
    changed_ = true;
  }

  void Report(std::string_view code, const JsonPointer& at, std::string message) {
    pass_.Report(diags_, Severity::kError, code, at, std::move(message));
    pass_.refused_dates.insert(at.str());
    pass_.provenance.Touch(at.view());
    changed_ = true;
  }

  ResolvedPass& pass_;
  Diagnostics& diags_;
  const std::string_view zone_;  // the pass's or the model's; "" when neither gives one
  const bool touched_only_;
  bool changed_ = false;
};

// Whether the model's own dates, in the model's zone, are all left as they are (none rewritten,
// none refused): then a pass in that zone need only look at the dates its overrides touched.
// Found once per model.
bool ModelDatesSettled(const Model::Impl& model) {
  std::call_once(model.dates_once, [&model] {
    ResolvedPass scratch;
    scratch.model = &model;
    scratch.pass_json.CopyFrom(model.pass_json, scratch.pass_json.GetAllocator());
    Diagnostics ignored;
    LocalDates dates(scratch, ignored, model.config.time_zone ? std::string_view(*model.config.time_zone) : "", false);
    dates.Walk(Dict::kPass, scratch.pass_json, JsonPointer());
    model.dates_settled = !dates.changed();
  });
  return model.dates_settled;
}

}  // namespace

void ResolveLocalDates(const rapidjson::Value& overrides, ResolvedPass& pass, Diagnostics& diags,
                       bool every_value) {
  std::string_view zone;
  const Value* own = Member(overrides, "timeZone");
  const bool own_zone = own != nullptr && own->IsString();
  if (own_zone) {
    const ZonedTime probe = InZone(StringOf(*own), kProbe);
    if (probe.kind == ZonedTime::Kind::kUnknownZone) {
      diags.Error(codes::kDateZoneUnknown, kOverridesFile, "/timeZone",
                  probe.error + ": name one such as \"Europe/Berlin\" or \"America/New_York\"");
    } else {
      zone = StringOf(*own);
    }
  } else if (pass.model->config.time_zone) {
    zone = *pass.model->config.time_zone;
  }
  const bool touched_only = !every_value && !own_zone && ModelDatesSettled(*pass.model);
  LocalDates(pass, diags, zone, touched_only).Walk(Dict::kPass, pass.pass_json, JsonPointer());
}

}  // namespace pkpass
