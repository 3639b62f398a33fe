// The rule areas of the validator, one function each, run in this order by Validate().
#ifndef PKPASS_VALIDATE_RULES_H_
#define PKPASS_VALIDATE_RULES_H_

#include "validate/checker.h"
#include "validate/validator.h"

namespace pkpass {

// Standard keys and the style key.
void CheckIdentity(const Checker& check, const SignerIdentity* signer);
// Types and lengths of the top-level keys, and the rules between them (rules 13-17).
void CheckKeys(const Checker& check);
// Field dictionaries (rules 18-27).
void CheckFields(const Checker& check);
// Locations, beacons, relevant dates (rules 29, 31, 32).
void CheckRelevance(const Checker& check);
// Barcodes and NFC (rules 33-35).
void CheckBarcodes(const Checker& check);
// Images: PNG, limits, icon, style, sizes (rules 2, 38, 39).
void CheckImages(const Checker& check);
// What preferredStyleSchemes' layouts need; upcomingPassInformation entries.
void CheckSemantics(const Checker& check);
// personalization.json: parsed, its keys, and what personalization needs in the pass.
void CheckPersonalization(const Checker& check, Diagnostics& diags);
// Returns whether preferredStyleSchemes lists `scheme`.
bool PrefersScheme(const Checker& check, std::string_view scheme);
// Localisation folders (rules 5-7).
void CheckLocalization(const Checker& check);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_RULES_H_
