// pkpass: Apple Wallet passes compiled, validated, signed and verified offline. Start here.
//
// Include this header; it includes the others, each of which describes one part:
//
//   pkpass/model.h          Model: a pass template (pass.json, images, model.json) compiled once;
//                           Resolve, Complete, Prepare and Build a pass from it. ValidateOptions
//                           and BuildOptions. Start with Model::Load and Model::Build.
//   pkpass/overrides.h      ParsedOverrides: one pass's data, the one input of every Model call;
//                           PatchOverrides and the resets that update a stored pass.
//   pkpass/signer.h         Signer: a Pass Type ID identity (PEM, PKCS#12, or files), and a
//                           throwaway development identity.
//   pkpass/identity.h       An identity from Apple's portal: the key and certificate request,
//                           the import of the certificate it gives back, and CheckIdentity.
//   pkpass/prepared_pass.h  PreparedPass: a pass ready to sign; ArchivePieces; .pkpasses bundles.
//   pkpass/import.h         The vendors' payloads (Pass2U, Airship, Passcreator, the event-ticket
//                           API) as overrides, their update bodies, and event-ticket templates.
//   pkpass/batch.h          RunBatch: a pass per record on every core, from a RecordSource
//                           (NDJSON, CSV, stored overrides with updates) to a PassSink (a folder).
//   pkpass/issued.h         The values issued to passes, so that none is given twice.
//   pkpass/image_store.h    Where the images overrides name are read from.
//   pkpass/images.h         Images from any upload: a style's PNG set from one JPEG, GIF, BMP
//                           or PNG of any size (MakeImageSet), and uploads stored by SHA-1.
//   pkpass/verify.h         Verify a .pkpass or .pkpasses as Wallet would.
//   pkpass/files.h          Safe inputs and outputs: bounded reads, whole-file writes, secrets.
//   pkpass/diagnostic.h     Diagnostics: every problem found, with a stable code and a pointer.
//   pkpass/diagnostic_codes.h  The table of codes.
//   pkpass/status.h         Status and Result<T>: how every call that can fail says why.
//
// A complete program:
//
//   pkpass::Diagnostics diags;
//   pkpass::Result<pkpass::Model> model = pkpass::Model::Load("coffee.pass", diags);
//   pkpass::Result<pkpass::Signer> signer = pkpass::Signer::FromFiles(
//       {.wwdr = "wwdr.pem", .cert = "signer.pem", .key = "signer.key"});
//   if (!model.ok() || !signer.ok()) return 1;  // FormatText(diags) says why
//   pkpass::Result<std::string> pkpass =
//       model->Build(R"({"serialNumber": "A-1"})", *signer, {}, diags);
//
// Threads: a Model and a Signer are immutable and shared freely; each Diagnostics, ParsedOverrides
// and PreparedPass is used by one thread at a time. Nothing here reaches the network.
#ifndef PKPASS_PKPASS_H_
#define PKPASS_PKPASS_H_

#include "pkpass/batch.h"
#include "pkpass/diagnostic.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/files.h"
#include "pkpass/identity.h"
#include "pkpass/image_store.h"
#include "pkpass/images.h"
#include "pkpass/import.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"
#include "pkpass/verify.h"
#include "pkpass/version.h"

#endif  // PKPASS_PKPASS_H_
