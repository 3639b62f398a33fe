// The whole public API of pkpass in one include.
#ifndef PKPASS_PKPASS_H_
#define PKPASS_PKPASS_H_

#include "pkpass/barcode_registry.h"
#include "pkpass/batch.h"
#include "pkpass/bundle.h"
#include "pkpass/dev_identity.h"
#include "pkpass/diagnostic.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/image_store.h"
#include "pkpass/import.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/options.h"
#include "pkpass/overrides.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/serials.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"
#include "pkpass/verify.h"
#include "pkpass/version.h"

#endif  // PKPASS_PKPASS_H_
