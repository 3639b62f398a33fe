// Local dates: a date written without an offset gets the offset of its IANA time zone then,
// daylight saving included (util/time_zone.h: the system's tz database).
//
// A date is any value the vocabulary formats as one (expirationDate, relevantDate, the dates of
// relevantDates, of semantics and of upcoming events) and the value of a date field (one with
// dateStyle, timeStyle, isRelative or ignoresTimeZone), wherever fields are. Its zone is the
// first of:
//   - its own, in brackets after it as RFC 9557 writes it: "2026-07-01T18:00[Europe/Berlin]";
//   - the pass's: the overrides' "timeZone";
//   - the model's: model.json's "timeZone".
// A local time is YYYY-MM-DDThh:mm with optional :ss and fraction; a space may stand for the "T"
// (Passcreator's "Y-m-d H:i"). It is written YYYY-MM-DDThh:mm:ss±hh:mm. A time the zone skips
// (date-local-nonexistent) or passes twice (date-local-ambiguous) is an error, never a guess; so
// is a zone the database does not have (date-zone-unknown). A date with an offset and a zone
// keeps its offset, which must be one the zone has at that local time (date-zone-mismatch), and
// loses the zone; an offset so settles an ambiguous time. A date with an offset alone, or a local
// one with no zone anywhere, is left to the validator (date-timezone-missing).
#ifndef PKPASS_RESOLVE_LOCAL_DATES_H_
#define PKPASS_RESOLVE_LOCAL_DATES_H_

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"
#include "util/json.h"

namespace pkpass {

// Rewrites the local dates of `pass` (resolved from `overrides`, an object) with their offsets.
// Problems are errors placed where each value came from. Unless `every_value`, a pass in its
// model's zone whose model has no date to change looks only at the values its overrides touched
// (Provenance::Untouched): the others are the model's, and stay as they are.
void ResolveLocalDates(const rapidjson::Value& overrides, ResolvedPass& pass, Diagnostics& diags,
                       bool every_value = false);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_LOCAL_DATES_H_
