"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  applyTestPlanUpload,
  createTestNumber,
  deleteTestNumber,
  runTestPlan,
  testNumberKeys,
  updateTestNumber,
  type TestNumberInput,
  type TestNumberUpdate,
} from "@/lib/api-client/test-numbers";
import type { ImportMode } from "@/lib/api-client/types";

/** Every change to the plan invalidates its lists and the re-route checks that read it. */
function useInvalidatePlan() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: testNumberKeys.all });
}

export function useCreateTestNumber() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (input: TestNumberInput) => createTestNumber(input),
    onSettled: invalidate,
  });
}

export function useUpdateTestNumber() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (vars: { readonly id: string; readonly update: TestNumberUpdate }) =>
      updateTestNumber(vars.id, vars.update),
    onSettled: invalidate,
  });
}

export function useDeleteTestNumber() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (id: string) => deleteTestNumber(id),
    onSettled: invalidate,
  });
}

export function useApplyTestPlanUpload() {
  const invalidate = useInvalidatePlan();
  return useMutation({
    mutationFn: (vars: { readonly text: string; readonly mode: ImportMode }) =>
      applyTestPlanUpload(vars.text, vars.mode),
    onSettled: invalidate,
  });
}

/** "Run all": the whole plan against the current rules; the list refreshes with it. */
export function useRunTestPlan() {
  const invalidate = useInvalidatePlan();
  return useMutation({ mutationFn: runTestPlan, onSuccess: invalidate });
}
