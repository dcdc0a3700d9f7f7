"use server";

import { userActor } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionState, runAction } from "@/lib/action.ts";
import { resetClassPolicy, saveClassPolicy } from "@/lib/admin/policy.ts";
import { prisma } from "@/lib/db.ts";
import { parsePolicyForm } from "@/lib/ranking/policy-form.ts";

// Admin only, checked on the server by runAction whatever the page showed; audited (lib/admin/policy.ts).

const classId = (form: FormData) => z.string().min(1).max(200).parse(form.get("id"));

async function classRow(id: string) {
  const row = await (await prisma()).deviceClass.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `device class ${id} does not exist`);
  return row;
}

function saved(message: string): ActionState {
  revalidatePath("/leaderboard");
  revalidatePath("/compare");
  return { ok: true, message };
}

export async function savePolicyAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async (user) => {
    const row = await classRow(classId(form));
    const policy = parsePolicyForm(form, row.id);
    await saveClassPolicy(await prisma(), row.id, policy, userActor(user));
    return saved(`Scoring policy for ${row.name} saved; the leaderboard is ranked with it now.`);
  });
}

export async function resetPolicyAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async (user) => {
    const row = await classRow(classId(form));
    await resetClassPolicy(await prisma(), row.id, userActor(user));
    return saved(`Scoring policy for ${row.name} reset to the firmware profile's budgets and the defaults.`);
  });
}
