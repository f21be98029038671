import { control as sagemakerAutomlJobInVpc } from './sagemaker_automl_job_in_vpc.js';
import { control as sagemakerAutomlJobInterContainerEncryptionEnabled } from './sagemaker_automl_job_inter_container_encryption_enabled.js';
import { control as sagemakerAutomlJobOutputEncryptedWithCmk } from './sagemaker_automl_job_output_encrypted_with_cmk.js';
import { control as sagemakerAutomlJobVolumeEncryptedWithCmk } from './sagemaker_automl_job_volume_encrypted_with_cmk.js';
import { control as sagemakerCompilationJobInVpc } from './sagemaker_compilation_job_in_vpc.js';
import { control as sagemakerCompilationJobOutputEncryptedWithCmk } from './sagemaker_compilation_job_output_encrypted_with_cmk.js';
import { control as sagemakerDataQualityJobDefinitionInterContainerEncryptionEnabled } from './sagemaker_data_quality_job_definition_inter_container_encryption_enabled.js';
import { control as sagemakerDataQualityJobDefinitionNetworkIsolationEnabled } from './sagemaker_data_quality_job_definition_network_isolation_enabled.js';
import { control as sagemakerDomainEncryptedWithCmk } from './sagemaker_domain_encrypted_with_cmk.js';
import { control as sagemakerDomainSsoAuth } from './sagemaker_domain_sso_auth.js';
import { control as sagemakerDomainVpcOnly } from './sagemaker_domain_vpc_only.js';
import { control as sagemakerEndpointConfigDataCaptureEncryptedWithCmk } from './sagemaker_endpoint_config_data_capture_encrypted_with_cmk.js';
import { control as sagemakerEndpointConfigEncryptedWithCmk } from './sagemaker_endpoint_config_encrypted_with_cmk.js';
import { control as sagemakerEndpointConfigVariantsMultipleInstances } from './sagemaker_endpoint_config_variants_multiple_instances.js';
import { control as sagemakerEndpointDataCaptureEnabled } from './sagemaker_endpoint_data_capture_enabled.js';
import { control as sagemakerEndpointDataQualityMonitored } from './sagemaker_endpoint_data_quality_monitored.js';
import { control as sagemakerEndpointModelBiasMonitored } from './sagemaker_endpoint_model_bias_monitored.js';
import { control as sagemakerEndpointModelExplainabilityMonitored } from './sagemaker_endpoint_model_explainability_monitored.js';
import { control as sagemakerEndpointModelQualityMonitored } from './sagemaker_endpoint_model_quality_monitored.js';
import { control as sagemakerFeatureGroupOfflineStoreEncryptedWithCmk } from './sagemaker_feature_group_offline_store_encrypted_with_cmk.js';
import { control as sagemakerFeatureGroupOnlineStoreEncryptedWithCmk } from './sagemaker_feature_group_online_store_encrypted_with_cmk.js';
import { control as sagemakerInferenceExperimentDataStorageEncryptedWithCmk } from './sagemaker_inference_experiment_data_storage_encrypted_with_cmk.js';
import { control as sagemakerInferenceExperimentEncryptedWithCmk } from './sagemaker_inference_experiment_encrypted_with_cmk.js';
import { control as sagemakerModelBiasEvaluated } from './sagemaker_model_bias_evaluated.js';
import { control as sagemakerModelBiasJobDefinitionInterContainerEncryptionEnabled } from './sagemaker_model_bias_job_definition_inter_container_encryption_enabled.js';
import { control as sagemakerModelBiasJobDefinitionNetworkIsolationEnabled } from './sagemaker_model_bias_job_definition_network_isolation_enabled.js';
import { control as sagemakerModelContainerPrivateRegistry } from './sagemaker_model_container_private_registry.js';
import { control as sagemakerModelExplainabilityJobDefinitionInterContainerEncryptionEnabled } from './sagemaker_model_explainability_job_definition_inter_container_encryption_enabled.js';
import { control as sagemakerModelExplainabilityJobDefinitionNetworkIsolationEnabled } from './sagemaker_model_explainability_job_definition_network_isolation_enabled.js';
import { control as sagemakerModelImageFromAccountEcr } from './sagemaker_model_image_from_account_ecr.js';
import { control as sagemakerModelInVpc } from './sagemaker_model_in_vpc.js';
import { control as sagemakerModelNetworkIsolationEnabled } from './sagemaker_model_network_isolation_enabled.js';
import { control as sagemakerModelPackageApprovalDocumented } from './sagemaker_model_package_approval_documented.js';
import { control as sagemakerModelPackageApproverNotAuthor } from './sagemaker_model_package_approver_not_author.js';
import { control as sagemakerModelPackageGroupPolicyRestricted } from './sagemaker_model_package_group_policy_restricted.js';
import { control as sagemakerModelPackageNotAutoApproved } from './sagemaker_model_package_not_auto_approved.js';
import { control as sagemakerModelQualityJobDefinitionInterContainerEncryptionEnabled } from './sagemaker_model_quality_job_definition_inter_container_encryption_enabled.js';
import { control as sagemakerModelQualityJobDefinitionNetworkIsolationEnabled } from './sagemaker_model_quality_job_definition_network_isolation_enabled.js';
import { control as sagemakerModelRegistryInUse } from './sagemaker_model_registry_in_use.js';
import { control as sagemakerMonitoringScheduleInVpc } from './sagemaker_monitoring_schedule_in_vpc.js';
import { control as sagemakerMonitoringScheduleInterContainerEncryptionEnabled } from './sagemaker_monitoring_schedule_inter_container_encryption_enabled.js';
import { control as sagemakerMonitoringScheduleNetworkIsolationEnabled } from './sagemaker_monitoring_schedule_network_isolation_enabled.js';
import { control as sagemakerMonitoringScheduleOutputEncryptedWithCmk } from './sagemaker_monitoring_schedule_output_encrypted_with_cmk.js';
import { control as sagemakerMonitoringScheduleVolumeEncryptedWithCmk } from './sagemaker_monitoring_schedule_volume_encrypted_with_cmk.js';
import { control as sagemakerNotebookDirectInternetAccessDisabled } from './sagemaker_notebook_direct_internet_access_disabled.js';
import { control as sagemakerNotebookEncryptedWithCmk } from './sagemaker_notebook_encrypted_with_cmk.js';
import { control as sagemakerNotebookInVpcSubnet } from './sagemaker_notebook_in_vpc_subnet.js';
import { control as sagemakerNotebookLifecycleConfigNoSecrets } from './sagemaker_notebook_lifecycle_config_no_secrets.js';
import { control as sagemakerNotebookPlatformSupported } from './sagemaker_notebook_platform_supported.js';
import { control as sagemakerNotebookRootAccessDisabled } from './sagemaker_notebook_root_access_disabled.js';
import { control as sagemakerProcessingJobInterContainerEncryptionEnabled } from './sagemaker_processing_job_inter_container_encryption_enabled.js';
import { control as sagemakerProcessingJobNetworkIsolationEnabled } from './sagemaker_processing_job_network_isolation_enabled.js';
import { control as sagemakerProcessingJobOutputEncryptedWithCmk } from './sagemaker_processing_job_output_encrypted_with_cmk.js';
import { control as sagemakerProcessingJobVolumeEncryptedWithCmk } from './sagemaker_processing_job_volume_encrypted_with_cmk.js';
import { control as sagemakerTrainingJobInVpc } from './sagemaker_training_job_in_vpc.js';
import { control as sagemakerTrainingJobInterContainerEncryptionEnabled } from './sagemaker_training_job_inter_container_encryption_enabled.js';
import { control as sagemakerTrainingJobNetworkIsolationEnabled } from './sagemaker_training_job_network_isolation_enabled.js';
import { control as sagemakerTrainingJobOutputEncryptedWithCmk } from './sagemaker_training_job_output_encrypted_with_cmk.js';
import { control as sagemakerTrainingJobVolumeEncryptedWithCmk } from './sagemaker_training_job_volume_encrypted_with_cmk.js';
import { control as sagemakerTransformJobDataCaptureEncryptedWithCmk } from './sagemaker_transform_job_data_capture_encrypted_with_cmk.js';
import { control as sagemakerTransformJobOutputEncryptedWithCmk } from './sagemaker_transform_job_output_encrypted_with_cmk.js';
import { control as sagemakerTransformJobVolumeEncryptedWithCmk } from './sagemaker_transform_job_volume_encrypted_with_cmk.js';
import { control as sagemakerTuningJobInVpc } from './sagemaker_tuning_job_in_vpc.js';
import { control as sagemakerTuningJobInterContainerEncryptionEnabled } from './sagemaker_tuning_job_inter_container_encryption_enabled.js';
import { control as sagemakerTuningJobNetworkIsolationEnabled } from './sagemaker_tuning_job_network_isolation_enabled.js';
import { control as sagemakerTuningJobOutputEncryptedWithCmk } from './sagemaker_tuning_job_output_encrypted_with_cmk.js';
import { control as sagemakerTuningJobVolumeEncryptedWithCmk } from './sagemaker_tuning_job_volume_encrypted_with_cmk.js';
import type { Control } from './types.js';

/** Amazon SageMaker: notebooks, domains, endpoints, models, jobs, model registry, monitoring. */
export const sagemakerControls: readonly Control[] = [
  sagemakerAutomlJobInVpc,
  sagemakerAutomlJobInterContainerEncryptionEnabled,
  sagemakerAutomlJobOutputEncryptedWithCmk,
  sagemakerAutomlJobVolumeEncryptedWithCmk,
  sagemakerCompilationJobInVpc,
  sagemakerCompilationJobOutputEncryptedWithCmk,
  sagemakerDataQualityJobDefinitionInterContainerEncryptionEnabled,
  sagemakerDataQualityJobDefinitionNetworkIsolationEnabled,
  sagemakerDomainEncryptedWithCmk,
  sagemakerDomainSsoAuth,
  sagemakerDomainVpcOnly,
  sagemakerEndpointConfigDataCaptureEncryptedWithCmk,
  sagemakerEndpointConfigEncryptedWithCmk,
  sagemakerEndpointConfigVariantsMultipleInstances,
  sagemakerEndpointDataCaptureEnabled,
  sagemakerEndpointDataQualityMonitored,
  sagemakerEndpointModelBiasMonitored,
  sagemakerEndpointModelExplainabilityMonitored,
  sagemakerEndpointModelQualityMonitored,
  sagemakerFeatureGroupOfflineStoreEncryptedWithCmk,
  sagemakerFeatureGroupOnlineStoreEncryptedWithCmk,
  sagemakerInferenceExperimentDataStorageEncryptedWithCmk,
  sagemakerInferenceExperimentEncryptedWithCmk,
  sagemakerModelBiasEvaluated,
  sagemakerModelBiasJobDefinitionInterContainerEncryptionEnabled,
  sagemakerModelBiasJobDefinitionNetworkIsolationEnabled,
  sagemakerModelContainerPrivateRegistry,
  sagemakerModelExplainabilityJobDefinitionInterContainerEncryptionEnabled,
  sagemakerModelExplainabilityJobDefinitionNetworkIsolationEnabled,
  sagemakerModelImageFromAccountEcr,
  sagemakerModelInVpc,
  sagemakerModelNetworkIsolationEnabled,
  sagemakerModelPackageApprovalDocumented,
  sagemakerModelPackageApproverNotAuthor,
  sagemakerModelPackageGroupPolicyRestricted,
  sagemakerModelPackageNotAutoApproved,
  sagemakerModelQualityJobDefinitionInterContainerEncryptionEnabled,
  sagemakerModelQualityJobDefinitionNetworkIsolationEnabled,
  sagemakerModelRegistryInUse,
  sagemakerMonitoringScheduleInVpc,
  sagemakerMonitoringScheduleInterContainerEncryptionEnabled,
  sagemakerMonitoringScheduleNetworkIsolationEnabled,
  sagemakerMonitoringScheduleOutputEncryptedWithCmk,
  sagemakerMonitoringScheduleVolumeEncryptedWithCmk,
  sagemakerNotebookDirectInternetAccessDisabled,
  sagemakerNotebookEncryptedWithCmk,
  sagemakerNotebookInVpcSubnet,
  sagemakerNotebookLifecycleConfigNoSecrets,
  sagemakerNotebookPlatformSupported,
  sagemakerNotebookRootAccessDisabled,
  sagemakerProcessingJobInterContainerEncryptionEnabled,
  sagemakerProcessingJobNetworkIsolationEnabled,
  sagemakerProcessingJobOutputEncryptedWithCmk,
  sagemakerProcessingJobVolumeEncryptedWithCmk,
  sagemakerTrainingJobInVpc,
  sagemakerTrainingJobInterContainerEncryptionEnabled,
  sagemakerTrainingJobNetworkIsolationEnabled,
  sagemakerTrainingJobOutputEncryptedWithCmk,
  sagemakerTrainingJobVolumeEncryptedWithCmk,
  sagemakerTransformJobDataCaptureEncryptedWithCmk,
  sagemakerTransformJobOutputEncryptedWithCmk,
  sagemakerTransformJobVolumeEncryptedWithCmk,
  sagemakerTuningJobInVpc,
  sagemakerTuningJobInterContainerEncryptionEnabled,
  sagemakerTuningJobNetworkIsolationEnabled,
  sagemakerTuningJobOutputEncryptedWithCmk,
  sagemakerTuningJobVolumeEncryptedWithCmk,
];
