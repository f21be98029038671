import { cmkVerdict, importedModelControl, textField } from './bedrock.js';

/** A model brought in with Custom Model Import is encrypted with a customer managed KMS key. */
export const control = importedModelControl(
  {
    id: 'bedrock_imported_model_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock imported models are encrypted with a customer managed KMS key',
    rationale:
      "Imported model weights are often the organisation's own fine-tuned models, trained on its data. A customer managed key puts them under a key policy the organisation controls, audits in CloudTrail and can revoke.",
    severity: 'MEDIUM',
    remediation:
      'The key is set at import: run CreateModelImportJob again with importedModelKmsKeyId set to a customer managed KMS key, move inference to the new model and delete the old one.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 3.2'],
    iso42001: ['A.7.2'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (model, name) => cmkVerdict(`Amazon Bedrock imported model ${name}`, textField(model, 'modelKmsKeyArn'), model.modelKmsKeyArn),
);
