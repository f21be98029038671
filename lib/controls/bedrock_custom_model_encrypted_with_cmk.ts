import { cmkVerdict, customModelControl, textField } from './bedrock.js';

/** A custom model (fine-tuned or continued pre-training) is encrypted with a customer managed KMS key. */
export const control = customModelControl(
  {
    id: 'bedrock_custom_model_encrypted_with_cmk',
    version: 1,
    title: 'Amazon Bedrock custom models are encrypted with a customer managed KMS key',
    rationale:
      'A customized model has learned from the training data it was tuned on and can reproduce parts of it. A customer managed key puts the model weights under a key policy the organisation controls, audits in CloudTrail and can revoke.',
    severity: 'MEDIUM',
    remediation:
      'Custom model encryption is set when the model is created: run the customization job again with customModelKmsKeyId set to a customer managed KMS key (or copy the model with CreateModelCopyJob and a modelKmsKeyId), move traffic to the new model and delete the old one.',
    cafAi: ['data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (model, name) => cmkVerdict(`Amazon Bedrock custom model ${name}`, textField(model, 'modelKmsKeyArn'), model.modelKmsKeyArn),
);
