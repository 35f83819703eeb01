"use client";
import { Download } from "lucide-react";
import { Button } from "@/components/button";
import { CopyField } from "@/components/copy-field";
import { TextField } from "@/components/field";

export interface Enrollment {
  secret: string;
  qrSvg: string;
  recoveryCodes: string[];
  enrollmentToken: string;
}

function downloadCodes(codes: string[]) {
  const text = `Confab recovery codes\nEach code signs you in once if you lose your authenticator.\n\n${codes.join("\n")}\n`;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  link.download = "confab-recovery-codes.txt";
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The list of recovery codes with a way to keep them: shown once, at setup and when renewed. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="flex flex-col gap-2">
      <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-border bg-surface p-3 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <p className="text-xs text-muted">Keep these somewhere safe: each signs you in once if you lose your phone. They are not shown again.</p>
      <Button type="button" variant="secondary" className="self-start" onClick={() => downloadCodes(codes)}>
        <Download aria-hidden className="size-4" /> Download codes
      </Button>
    </div>
  );
}

/**
 * Setting up an authenticator: scan the QR code (or type the key), keep the recovery codes, confirm with a first
 * code. The form around it submits `code` with the enrollment token.
 */
export function TwoFactorSetupSteps({ enrollment, codeError }: { enrollment: Enrollment; codeError?: string | null }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">1. Scan this with your authenticator app</h3>
        <div className="flex flex-wrap items-start gap-4">
          {/* The server drew this SVG from the otpauth URI with the qrcode library: no markup from anyone else. */}
          <div role="img" aria-label="QR code for your authenticator app" className="size-40 shrink-0 rounded-md bg-white p-1" dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
          <div className="min-w-48 flex-1">
            <CopyField label="Setup key" value={enrollment.secret} hint="Or type this key into the app (time-based, 6 digits)." />
          </div>
        </div>
      </div>
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">2. Save your recovery codes</h3>
        <RecoveryCodes codes={enrollment.recoveryCodes} />
      </div>
      <TextField label="3. Enter the 6-digit code the app shows" name="code" inputMode="numeric" autoComplete="one-time-code" required maxLength={20} error={codeError} />
    </div>
  );
}
